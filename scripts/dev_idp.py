#!/usr/bin/env python3
"""The one-machine stack's development OpenID Connect provider (never for production).

Why our own: architecture §7 names `oidc-provider-mock` (PyPI), but on Debian 12's Python 3.11
only its 0.3.x releases install (0.4.x needs Python >= 3.12), and 0.3.x neither checks PKCE (authlib's
CodeChallenge extension is not registered) nor issues access tokens as JWTs — our APIs verify
bearer JWTs against the JWKS. So this small provider does exactly the part we need:

- discovery (/.well-known/openid-configuration) and the JWKS (/jwks);
- the authorization code flow with PKCE S256 required, state passed back, nonce put in the ID token;
- a sign-in page listing the demo users of DEMO_STAFF_FILE (one click signs in as that person);
- access tokens: ES256 JWTs with issuer, audience `fremmoede`, name, email, roles and schools —
  signed with the stack's development key (.run/auth/signing-key.pem), so tokens the tests mint
  with that key and tokens from this provider are verified alike.

It refuses to start when FREMMOEDE_ENV=production.
"""
import argparse
import base64
import hashlib
import html
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Provider:
    def __init__(self, issuer, key_pem, key_id, users, audience, lifetime, redirect_prefixes):
        self.issuer = issuer.rstrip("/")
        self.key = serialization.load_pem_private_key(key_pem, password=None)
        self.key_id = key_id
        self.users = {user["staffId"]: user for user in users}
        self.order = [user["staffId"] for user in users]
        self.audience = audience
        self.lifetime = lifetime
        self.redirect_prefixes = redirect_prefixes
        self.codes = {}
        self.lock = threading.Lock()

    def jwks(self):
        numbers = self.key.public_key().public_numbers()
        return {"keys": [{"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": self.key_id,
                          "x": b64url(numbers.x.to_bytes(32, "big")), "y": b64url(numbers.y.to_bytes(32, "big"))}]}

    def sign(self, claims):
        header = {"alg": "ES256", "typ": "JWT", "kid": self.key_id}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        r, s = decode_dss_signature(self.key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
        return signing_input + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_post"],
        }

    def check_authorize(self, query):
        """The authorization request's problem, or None."""
        if query.get("response_type") != "code":
            return "response_type must be code"
        if not query.get("client_id"):
            return "client_id is required"
        redirect = query.get("redirect_uri", "")
        if not any(redirect.startswith(prefix) for prefix in self.redirect_prefixes):
            return "redirect_uri is not registered"
        if not query.get("state"):
            return "state is required"
        if query.get("code_challenge_method") != "S256" or len(query.get("code_challenge", "")) < 43:
            return "PKCE is required: code_challenge with code_challenge_method=S256"
        return None

    def issue_code(self, query, staff_id):
        code = secrets.token_urlsafe(32)
        with self.lock:
            now = time.time()
            self.codes = {c: v for c, v in self.codes.items() if v["expires"] > now}
            self.codes[code] = {"client_id": query["client_id"], "redirect_uri": query["redirect_uri"],
                                "challenge": query["code_challenge"], "nonce": query.get("nonce"),
                                "staffId": staff_id, "expires": now + 60}
        return code

    def exchange(self, form):
        """(status, JSON body) of a token request."""
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["expires"] < time.time():
            return 400, {"error": "invalid_grant", "error_description": "unknown, used or expired code"}
        if form.get("client_id") != grant["client_id"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "client_id or redirect_uri differ from the authorization request"}
        verifier = form.get("code_verifier", "")
        if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE code_verifier does not match the code_challenge"}
        user = self.users[grant["staffId"]]
        now = int(time.time())
        common = {"iss": self.issuer, "sub": user["staffId"], "iat": now, "exp": now + self.lifetime,
                  "name": user["name"], "email": user["email"]}
        access = dict(common, aud=self.audience, roles=user["roles"], schools=user["schools"])
        identity = dict(common, aud=grant["client_id"])
        if grant["nonce"]:
            identity["nonce"] = grant["nonce"]
        return 200, {"access_token": self.sign(access), "id_token": self.sign(identity), "token_type": "Bearer",
                     "expires_in": self.lifetime, "scope": "openid profile email"}

    def sign_in_page(self, query, problem=None):
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in query.items())
        rows = []
        for staff_id in self.order:
            user = self.users[staff_id]
            label = f'{html.escape(user["name"])} <small>— {html.escape(", ".join(user["roles"]))} · {html.escape(", ".join(user["schools"]))}</small>'
            rows.append(f'<li><button type="submit" name="staffId" value="{html.escape(staff_id)}" data-staff-id="{html.escape(staff_id)}">{label}</button></li>')
        message = f'<p role="alert" class="problem">{html.escape(problem)}</p>' if problem else ""
        return f"""<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log ind — udviklings-IdP</title><style>
body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}
ul{{list-style:none;padding:0}} li{{margin:.4rem 0}}
button{{width:100%;text-align:left;padding:.6rem .8rem;font-size:1rem;border:1px solid #555;border-radius:.3rem;background:#fff;cursor:pointer}}
button:hover,button:focus{{background:#e8f0fe;outline:3px solid #1a56b0}} small{{color:#444}} .problem{{color:#a00}}
.dev{{background:#fff4d6;border:1px solid #b58100;padding:.5rem .8rem}}</style></head><body>
<main><h1>Log ind i Fremmøde</h1><p class="dev">Udviklings-identitetsudbyder (kun til afprøvning): vælg en demobruger.</p>{message}
<form method="post" action="/authorize">{hidden}<ul>{"".join(rows)}</ul></form></main></body></html>"""


class Handler(BaseHTTPRequestHandler):
    provider: Provider = None

    def log_message(self, fmt, *args):
        sys.stderr.write("dev-idp %s\n" % (fmt % args))

    def send(self, status, body, content_type="application/json", headers=()):
        data = (json.dumps(body) if content_type == "application/json" else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type + "; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            self.send(200, self.provider.discovery())
        elif url.path == "/jwks":
            self.send(200, self.provider.jwks())
        elif url.path == "/health":
            self.send(200, {"status": "ok"})
        elif url.path == "/authorize":
            problem = self.provider.check_authorize(query)
            if problem:
                self.send(400, f"<!doctype html><html lang='en'><body><h1>Bad sign-in request</h1><p>{html.escape(problem)}</p></body></html>", "text/html")
            else:
                self.send(200, self.provider.sign_in_page(query), "text/html")
        else:
            self.send(404, {"error": "not_found"})

    def do_POST(self):
        url = urlparse(self.path)
        form = self.form()
        if url.path == "/authorize":
            staff_id = form.pop("staffId", "")
            problem = self.provider.check_authorize(form)
            if problem or staff_id not in self.provider.users:
                self.send(400, self.provider.sign_in_page(form, problem or "unknown user"), "text/html")
                return
            code = self.provider.issue_code(form, staff_id)
            separator = "&" if "?" in form["redirect_uri"] else "?"
            location = form["redirect_uri"] + separator + urlencode({"code": code, "state": form["state"]})
            self.send(302, "", "text/plain", headers=[("Location", location)])
        elif url.path == "/token":
            status, body = self.provider.exchange(form)
            self.send(status, body)
        else:
            self.send(404, {"error": "not_found"})


def main():
    if os.environ.get("FREMMOEDE_ENV", "").lower() == "production":
        sys.exit("dev_idp: refusing to start with FREMMOEDE_ENV=production — use the municipality's own OpenID Connect provider")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--signing-key", required=True, help="PEM file of the ES256 (P-256) private key")
    parser.add_argument("--key-id", default="dev-1")
    parser.add_argument("--users", required=True, help="JSON array of {staffId, name, email, roles, schools}")
    parser.add_argument("--audience", default="fremmoede")
    parser.add_argument("--token-lifetime", type=int, default=3600)
    parser.add_argument("--redirect-prefix", action="append", required=True, help="allowed redirect_uri prefix (repeatable)")
    args = parser.parse_args()
    with open(args.users, encoding="utf-8") as file:
        users = json.load(file)
    with open(args.signing_key, "rb") as file:
        key = file.read()
    Handler.provider = Provider(args.issuer, key, args.key_id, users, args.audience, args.token_lifetime, args.redirect_prefix)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"dev-idp: {args.issuer} with {len(users)} demo users", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
