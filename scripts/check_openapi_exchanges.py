#!/usr/bin/env python3
"""Checks recorded HTTP exchanges with a running service against its OpenAPI document.

Usage: check_openapi_exchanges.py SPEC EXCHANGES.ndjson

SPEC is an OpenAPI 3.1 document; it is validated with openapi-spec-validator first. Each line of
EXCHANGES.ndjson is one exchange a test made with the live server:
{"method": "GET", "path": "/v1/cases/abc", "status": 200, "contentType": "application/json",
 "request": {...}?, "response": {...}?}

For each exchange the checker finds the documented operation (path templates like
/v1/cases/{caseId} match one segment per parameter), checks that the status is documented for it,
that the content type is the documented one, that the response body validates (draft 2020-12,
$refs resolved in SPEC) against the schema documented for that status, and that a JSON request body
of a successful (2xx) call validates against the documented request schema. Operations in SPEC that
no exchange exercised are listed (not failures).

Prints one line per failure and, last, "openapi check: N passed, M failed".
Exit status: 0 when every check passes, 1 when any fails, 2 on a usage error.
"""

import json
import re
import sys

import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:fremmoede:openapi"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    validate_openapi(spec)
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))

    def absolute(node):
        """The schema with its local $refs made absolute, so inline schemas resolve in SPEC too."""
        if isinstance(node, dict):
            return {key: (SPEC_URI + value if key == "$ref" and isinstance(value, str) and value.startswith("#") else absolute(value))
                    for key, value in node.items()}
        if isinstance(node, list):
            return [absolute(value) for value in node]
        return node

    def validator(schema: dict) -> Draft202012Validator:
        return Draft202012Validator(absolute(schema), registry=registry)

    operations = []
    for template, item in spec["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
        for method, operation in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                operations.append((pattern, template, method, operation))

    passed, failed, exercised = 0, 0, set()
    with open(sys.argv[2], encoding="utf-8") as handle:
        exchanges = [json.loads(line) for line in handle if line.strip()]
    for number, exchange in enumerate(exchanges, 1):
        method, path, status = exchange["method"].lower(), exchange["path"], exchange["status"]
        label = f"{number}: {method.upper()} {path} → {status}"
        found = [(template, operation) for pattern, template, m, operation in operations if m == method and pattern.match(path)]
        if not found:
            print(f"FAIL {label}: no documented operation")
            failed += 1
            continue
        # The most specific template (fewest parameters) wins, as routers do.
        template, operation = min(found, key=lambda entry: entry[0].count("{"))
        exercised.add((method, template))
        responses = operation.get("responses", {})
        documented = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if documented is None:
            print(f"FAIL {label}: status {status} is not documented for {method.upper()} {template}")
            failed += 1
            continue
        if "$ref" in documented:
            documented = spec["components"]["responses"][documented["$ref"].split("/")[-1]]
        problems = []
        content = documented.get("content", {})
        if "response" in exchange:
            media = exchange.get("contentType", "").split(";")[0].strip()
            if media not in content:
                problems.append(f"content type {media!r} is not documented (documented: {sorted(content)})")
            else:
                for error in validator(content[media]["schema"]).iter_errors(exchange["response"]):
                    problems.append(f"response {error.json_path}: {error.message[:300]}")
        if "request" in exchange and 200 <= status < 300:
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                problems.append("a JSON request body is not documented")
            else:
                for error in validator(body["schema"]).iter_errors(exchange["request"]):
                    problems.append(f"request {error.json_path}: {error.message[:300]}")
        if problems:
            failed += 1
            for problem in problems:
                print(f"FAIL {label}: {problem}")
        else:
            passed += 1
    for _, template, method, _ in operations:
        if (method, template) not in exercised:
            print(f"not exercised: {method.upper()} {template}")
    print(f"openapi check: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
