"""schemathesis hooks for scripts/test-security: Intake's registrations also come as NDJSON, which
schemathesis cannot write by itself — one JSON value per line."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item) + "\n" for item in items).encode()
