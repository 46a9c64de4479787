#!/usr/bin/env python3
"""Prints a staff access token signed with the one-machine stack's development key (ES256), for
scripts that call the staff APIs (scripts/test-security, scripts/privacy). Never for production:
there, tokens come from the municipality's OpenID Connect provider.

Usage: dev_token.py ROLE[,ROLE…] [SCHOOL[,SCHOOL…]|*] [STAFF_ID]
Reads AUTH_ISSUER, AUTH_SIGNING_KEY_FILE and AUTH_KEY_ID from the environment (.run/…/stack.env).
"""
import base64
import json
import os
import sys
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(roles, schools, staff_id):
    key = serialization.load_pem_private_key(open(os.environ["AUTH_SIGNING_KEY_FILE"], "rb").read(), password=None)
    now = int(time.time())
    header = {"alg": "ES256", "typ": "JWT", "kid": os.environ.get("AUTH_KEY_ID", "dev-1")}
    claims = {"sub": staff_id, "iss": os.environ["AUTH_ISSUER"], "aud": "fremmoede", "iat": now, "exp": now + 3600,
              "name": staff_id, "email": f"{staff_id}@kommune.example", "roles": roles, "schools": schools}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return signing_input + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


if __name__ == "__main__":
    roles = sys.argv[1].split(",")
    schools = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else []
    print(token(roles, schools, sys.argv[3] if len(sys.argv) > 3 else "script-" + roles[0]))
