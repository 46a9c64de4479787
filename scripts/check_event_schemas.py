#!/usr/bin/env python3
"""Checks events against their JSON Schemas (schemas/events/<topic>.v1.json).

Usage: check_event_schemas.py FILE.ndjson [SCHEMA_DIR]

Each line of FILE.ndjson is {"type": "dk.fremmoede.<topic>.v1", "data": {...}}. The `data` is
validated (draft 2020-12, formats checked) against <topic>.v1.json in SCHEMA_DIR, which defaults
to schemas/events in the repository. Prints one line per failure and a final
"schema check: N passed, M failed".

Exit status: 0 when every event passes, 1 when any fails or has no schema, 2 on a usage error or
a schema that is not itself a valid draft 2020-12 schema.
"""

import json
import re
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCHEMA_DIR = REPOSITORY_ROOT / "schemas" / "events"
EVENT_TYPE = re.compile(r"^dk\.fremmoede\.(?P<topic>[a-z0-9]+(?:\.[a-z0-9-]+)*)\.(?P<version>v\d+)$")


def load_validators(schema_dir: Path) -> dict[str, Draft202012Validator]:
    """Every schema file in the directory, checked against the metaschema, by file name."""
    validators = {}
    for path in sorted(schema_dir.glob("*.json")):
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
        except json.JSONDecodeError as error:
            print(f"broken schema {path.name}: not JSON: {error}", file=sys.stderr)
            sys.exit(2)
        except SchemaError as error:
            location = error.json_path if hasattr(error, "json_path") else "/".join(map(str, error.path))
            print(f"broken schema {path.name}: {location}: {error.message}", file=sys.stderr)
            sys.exit(2)
        validators[path.name] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validators


def check_line(number: int, text: str, validators: dict[str, Draft202012Validator]) -> list[str]:
    """The failures of one line, each a printable line; empty when the event passes."""
    try:
        event = json.loads(text)
    except json.JSONDecodeError as error:
        return [f"line {number}: ?: $: not JSON: {error}"]
    if not isinstance(event, dict):
        return [f"line {number}: ?: $: expected an object with type and data"]
    event_type = event.get("type")
    match = EVENT_TYPE.match(event_type) if isinstance(event_type, str) else None
    if match is None:
        return [f"line {number}: {event_type!r}: $.type: not an event type dk.fremmoede.<topic>.v<N>"]
    schema_file = f"{match['topic']}.{match['version']}.json"
    validator = validators.get(schema_file)
    if validator is None:
        return [f"line {number}: {event_type}: $: no schema file {schema_file}"]
    if "data" not in event:
        return [f"line {number}: {event_type}: $: the event has no data"]
    errors = sorted(validator.iter_errors(event["data"]), key=lambda error: (list(map(str, error.path)), error.message))
    return [f"line {number}: {event_type}: {error.json_path}: {error.message}" for error in errors]


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(f"usage: {Path(argv[0]).name} FILE.ndjson [SCHEMA_DIR]", file=sys.stderr)
        return 2
    events_file = Path(argv[1])
    schema_dir = Path(argv[2]) if len(argv) == 3 else DEFAULT_SCHEMA_DIR
    if not schema_dir.is_dir():
        print(f"no schema directory {schema_dir}", file=sys.stderr)
        return 2
    validators = load_validators(schema_dir)
    try:
        lines = events_file.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        print(f"cannot read {events_file}: {error}", file=sys.stderr)
        return 2

    passed = failed = 0
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        failures = check_line(number, text, validators)
        if failures:
            failed += 1
            for failure in failures:
                print(failure)
        else:
            passed += 1
    print(f"schema check: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
