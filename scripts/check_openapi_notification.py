#!/usr/bin/env python3
"""Checks that a running NotificationService answers as openapi/notification.yaml says, with the
checker of scripts/check_openapi.py (document validity, examples, every operation called, each
answer's status documented and its body valid against the documented schema).

Usage: NOTIFY_ADMIN_TOKEN=… NOTIFY_LEADER_TOKEN=… NOTIFY_LEADER_SCHOOL=… NOTIFY_STAFF_TOKEN=… \
       check_openapi_notification.py SPEC BASE_URL
The tokens are staff access tokens: a municipality-admin, a school-leader of NOTIFY_LEADER_SCHOOL
and a teacher. Prints one line per check and, last, "openapi check: N passed, M failed".
"""
import os
import sys
import uuid

import yaml
from openapi_spec_validator import validate as validate_openapi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_openapi import Checker, short  # noqa: E402


def run(checker: Checker, admin: str, leader: str, school: str, staff: str) -> None:
    tag = uuid.uuid4().hex[:8]
    auth = lambda token: {"Authorization": f"Bearer {token}"}  # noqa: E731
    rule = {"schoolId": school, "schoolName": "Øster Skole", "eventType": "case.opened",
            "mailboxRole": "kom-i-skole-team", "mailbox": f"kis-{tag}@kommune.example"}

    checker.call("no token", "get", "/v1/routing-rules", 401)
    checker.call("teacher", "get", "/v1/routing-rules", 403, headers=auth(staff))
    checker.call("admin", "get", "/v1/routing-rules", 200, headers=auth(admin))
    checker.call("no token", "post", "/v1/routing-rules", 401, json_body=rule)
    checker.call("malformed JSON", "post", "/v1/routing-rules", 400, headers=auth(admin),
                 data='{"schoolId": ', content_type="application/json", check_request=False)
    checker.call("bad mailbox", "post", "/v1/routing-rules", 422, headers=auth(admin),
                 json_body={**rule, "mailbox": "nope"}, check_request=False,
                 expect={"errors": lambda e: isinstance(e, list) and e[0].get("field") == "mailbox"})
    checker.call("teacher", "post", "/v1/routing-rules", 403, headers=auth(staff), json_body=rule)
    created = checker.call("leader, own school", "post", "/v1/routing-rules", 201, headers=auth(leader), json_body=rule,
                           expect={"mailbox": rule["mailbox"]})
    checker.call("the same again", "post", "/v1/routing-rules", 409, headers=auth(admin), json_body=rule)
    rule_id = (created or {}).get("ruleId", "missing")
    path = {"ruleId": rule_id}
    checker.call("no token", "get", "/v1/routing-rules/{ruleId}", 401, params=path)
    checker.call("leader", "get", "/v1/routing-rules/{ruleId}", 200, params=path, headers=auth(leader))
    checker.call("teacher", "get", "/v1/routing-rules/{ruleId}", 403, params=path, headers=auth(staff))
    checker.call("unknown", "get", "/v1/routing-rules/{ruleId}", 404, params={"ruleId": str(uuid.uuid4())}, headers=auth(admin))
    other = {**rule, "mailbox": f"kis2-{tag}@kommune.example"}
    checker.call("no token", "put", "/v1/routing-rules/{ruleId}", 401, params=path, json_body=other)
    checker.call("malformed", "put", "/v1/routing-rules/{ruleId}", 400, params=path, headers=auth(admin),
                 data="[", content_type="application/json", check_request=False)
    checker.call("bad event", "put", "/v1/routing-rules/{ruleId}", 422, params=path, headers=auth(admin),
                 json_body={**other, "eventType": "digest"}, check_request=False)
    checker.call("teacher", "put", "/v1/routing-rules/{ruleId}", 403, params=path, headers=auth(staff), json_body=other)
    checker.call("unknown", "put", "/v1/routing-rules/{ruleId}", 404, params={"ruleId": "x"}, headers=auth(admin), json_body=other)
    checker.call("admin", "put", "/v1/routing-rules/{ruleId}", 200, params=path, headers=auth(admin), json_body=other,
                 expect={"mailbox": other["mailbox"]})
    duplicate = checker.call("second rule", "post", "/v1/routing-rules", 201, headers=auth(admin), json_body=rule) or {}
    checker.call("would duplicate", "put", "/v1/routing-rules/{ruleId}", 409, params={"ruleId": duplicate.get("ruleId", "x")},
                 headers=auth(admin), json_body=other)
    checker.call("no token", "delete", "/v1/routing-rules/{ruleId}", 401, params=path)
    checker.call("teacher", "delete", "/v1/routing-rules/{ruleId}", 403, params=path, headers=auth(staff))
    checker.call("leader", "delete", "/v1/routing-rules/{ruleId}", 204, params=path, headers=auth(leader))
    checker.call("gone", "delete", "/v1/routing-rules/{ruleId}", 404, params=path, headers=auth(admin))

    checker.call("no token", "get", "/v1/me/preferences", 401)
    checker.call("teacher", "get", "/v1/me/preferences", 200, headers=auth(staff))
    checker.call("no token", "put", "/v1/me/preferences", 401, json_body={"language": "da", "events": {}})
    checker.call("malformed", "put", "/v1/me/preferences", 400, headers=auth(staff), data="{", content_type="application/json",
                 check_request=False)
    checker.call("bad mode", "put", "/v1/me/preferences", 422, headers=auth(staff),
                 json_body={"language": "da", "events": {"reminder": "weekly"}}, check_request=False)
    checker.call("teacher", "put", "/v1/me/preferences", 200, headers=auth(staff),
                 json_body={"language": "en", "events": {"plan.updated": "daily-digest"}}, expect={"language": "en"})

    checker.call("no token", "get", "/v1/deliveries", 401)
    checker.call("admin", "get", "/v1/deliveries", 200, headers=auth(admin))
    checker.call("no token", "post", "/v1/test-emails", 401, json_body={"recipient": f"t-{tag}@kommune.example"})
    checker.call("teacher", "post", "/v1/test-emails", 403, headers=auth(staff), json_body={"recipient": f"t-{tag}@kommune.example"})
    checker.call("malformed", "post", "/v1/test-emails", 400, headers=auth(admin), data="{", content_type="application/json",
                 check_request=False)
    checker.call("bad address", "post", "/v1/test-emails", 422, headers=auth(admin), json_body={"recipient": "x"}, check_request=False)
    checker.call("admin", "post", "/v1/test-emails", 202, headers=auth(admin), json_body={"recipient": f"t-{tag}@kommune.example"})
    # Query parameters ride on the session, so the checker still matches the documented path.
    for label, query, token, status in [("bad limit", "limit=0", admin, 400), ("bad status", "status=lost", admin, 400),
                                        ("teacher, someone else", f"recipient=kis-{tag}@kommune.example", staff, 403),
                                        ("teacher, own", "", staff, 200)]:
        checker.session.params = dict(part.split("=", 1) for part in query.split("&") if part)
        checker.call(label, "get", "/v1/deliveries", status, headers=auth(token))
    checker.session.params = {}

    # The data protection officer: the audit log and a pupil's export (docs/privacy.md).
    from dev_token import token as dev_token
    dpo = dev_token(["data-protection-officer"], [], f"dpo-{tag}")
    checker.session.params = {"staffId": f"dpo-{tag}"}
    checker.call("audit log, officer", "get", "/v1/audit", 200, headers=auth(dpo))
    checker.call("audit log, admin", "get", "/v1/audit", 403, headers=auth(admin))
    checker.session.params = {}
    checker.call("audit log without a filter", "get", "/v1/audit", 400, headers=auth(dpo))
    checker.call("export", "get", "/v1/pupils/{pupilKey}/export", 200, params={"pupilKey": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, headers=auth(dpo))
    checker.call("export, admin", "get", "/v1/pupils/{pupilKey}/export", 403, params={"pupilKey": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, headers=auth(admin))


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    tokens = [os.environ.get(name, "") for name in ("NOTIFY_ADMIN_TOKEN", "NOTIFY_LEADER_TOKEN", "NOTIFY_LEADER_SCHOOL", "NOTIFY_STAFF_TOKEN")]
    if not all(tokens):
        print("NOTIFY_ADMIN_TOKEN, NOTIFY_LEADER_TOKEN, NOTIFY_LEADER_SCHOOL and NOTIFY_STAFF_TOKEN must be set", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as file:
        spec = yaml.safe_load(file)
    checker = Checker(spec, argv[2])
    try:
        validate_openapi(spec)
        checker.report(True, f"{argv[1]} is a valid OpenAPI {spec.get('openapi')} document")
    except Exception as error:  # openapi-spec-validator raises several kinds
        checker.report(False, f"{argv[1]} is a valid OpenAPI document: {short(str(error), 600)}")
    try:
        checker.check_examples()
        run(checker, *tokens)
        checker.check_coverage()
    except Exception as error:  # report, do not hide the count
        checker.report(False, f"the checker could not go on: {type(error).__name__}: {error}")
    print(f"openapi check: {checker.passed} passed, {checker.failed} failed")
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
