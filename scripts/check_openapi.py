#!/usr/bin/env python3
"""Checks that a running IntakeService answers as its OpenAPI document says.

Usage: INTAKE_ADMIN_TOKEN=... check_openapi.py SPEC BASE_URL
       e.g. check_openapi.py openapi/intake.yaml http://127.0.0.1:8081

1. Validates SPEC (OpenAPI 3.1) with openapi-spec-validator, and each documented example against
   its schema.
2. Registers its own fresh source (a unique name and two unique schools) with the admin token, so
   it never touches anyone else's schools, pupils or registrations.
3. Calls every documented operation: successes (calendar PUT, pupils, registrations as JSON,
   NDJSON and CSV, Ed-Fi, source registration) and the main errors (400
   malformed JSON, 401 no key, 403 a school that is not the source's, 413 more than 10,000 items
   or too many bytes, 415 an unsupported content type, 422 batches and calendars with bad items).
4. For each response checks that it has the expected status, that the status is documented for
   the operation, and that the body validates (draft 2020-12, `$ref`s resolved in SPEC) against
   the schema documented for that status and content type; JSON request bodies are also checked
   against the documented request schema, and some answers' values (counts) are checked.

Prints one line per check and, last, "openapi check: N passed, M failed".
Exit status: 0 when every check passes, 1 when any fails, 2 on a usage error.

Registrations are dated on the weekdays 2026-11-17 to 2026-11-23, which the checker puts in its
schools' calendar; they must not be in the future where the service runs (Europe/Copenhagen).
"""

import json
import os
import sys
import time
import uuid
from urllib.parse import quote

import requests
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:fremmoede:openapi:intake"
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
TIMEOUT = 120

# The school days the checker's schools get, and the (past) days its registrations name.
SCHOOL_DAYS = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20",
               "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]
HOLIDAYS = [{"date": "2026-12-24", "name": "Juleaften"}, {"date": "2026-12-31", "name": "Nytårsaftensdag"}]
SATURDAY = "2026-11-21"


def pointer_escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def media_base(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def is_json_media(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def short(text: str, limit: int = 300) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[:limit] + "…"


class Checker:
    def __init__(self, spec: dict, base_url: str):
        self.spec = spec
        self.base_url = base_url.rstrip("/")
        self.registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
        self.session = requests.Session()
        self.passed = 0
        self.failed = 0
        self.exercised: set[tuple[str, str, int]] = set()

    # Reporting

    def report(self, ok: bool, text: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'PASS' if ok else 'FAIL'}  {text}", flush=True)
        return ok

    # The document

    def resolve(self, node: dict, pointer: str) -> tuple[dict, str]:
        """Follows local `$ref`s (as response objects use them); returns the node and its pointer."""
        seen = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            pointer = node["$ref"][1:]
            if pointer in seen:
                raise ValueError(f"$ref loop at {pointer}")
            seen.add(pointer)
            node = self.spec
            for segment in pointer[1:].split("/"):
                segment = segment.replace("~1", "/").replace("~0", "~")
                node = node[int(segment)] if isinstance(node, list) else node[segment]
        return node, pointer

    def schema_errors(self, pointer: str, instance) -> list[str]:
        """Validation errors of the instance against the schema at the pointer in the document."""
        validator = Draft202012Validator(
            {"$ref": SPEC_URI + "#" + quote(pointer, safe="/~")},
            registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
        messages = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
            # For oneOf/anyOf, name the deepest failure of the alternatives rather than dumping the instance.
            deepest = error
            while deepest.context:
                deepest = max(deepest.context, key=lambda e: len(e.absolute_path))
            messages.append(f"{deepest.json_path}: {short(deepest.message, 200)}")
        return messages

    def operation(self, method: str, template: str) -> tuple[dict, str] | None:
        path_item = self.spec.get("paths", {}).get(template)
        if not isinstance(path_item, dict) or method not in path_item:
            return None
        return path_item[method], f"/paths/{pointer_escape(template)}/{method}"

    @staticmethod
    def find_media(content: dict, media: str) -> str | None:
        if media in content:
            return media
        wildcard = media.split("/")[0] + "/*"
        if wildcard in content:
            return wildcard
        return "*/*" if "*/*" in content else None

    # The document's own checks

    def check_examples(self) -> None:
        """Every example in a request body or response validates against its schema."""
        for template, path_item in self.spec.get("paths", {}).items():
            for method in METHODS:
                if method not in path_item:
                    continue
                op_pointer = f"/paths/{pointer_escape(template)}/{method}"
                operation = path_item[method]
                places = []
                if "requestBody" in operation:
                    body, pointer = self.resolve(operation["requestBody"], op_pointer + "/requestBody")
                    places.append(("request", body, pointer))
                for status, response in operation.get("responses", {}).items():
                    response, pointer = self.resolve(response, f"{op_pointer}/responses/{status}")
                    places.append((status, response, pointer))
                for where, holder, pointer in places:
                    for media, media_object in holder.get("content", {}).items():
                        if "example" not in media_object or "schema" not in media_object:
                            continue
                        example = media_object["example"]
                        schema_pointer = f"{pointer}/content/{pointer_escape(media)}/schema"
                        errors = self.schema_errors(schema_pointer, example)
                        if media in ("application/x-ndjson", "application/ndjson"):
                            for number, line in enumerate(example.splitlines(), 1):
                                if line.strip():
                                    errors += [f"line {number}: {e}" for e in
                                               self.schema_errors("/components/schemas/Registration", json.loads(line))]
                        self.report(not errors, f"example {method.upper()} {template} {where} {media} matches its schema"
                                    + (f": {'; '.join(errors)}" if errors else ""))

    # Requests

    def call(self, label: str, method: str, template: str, expected: int, *, params: dict | None = None,
             headers: dict | None = None, json_body=None, data: bytes | str | None = None,
             content_type: str | None = None, check_request: bool = True, expect: dict | None = None):
        """Sends one request and checks the answer against the document; returns the parsed JSON body (or None)."""
        name = f"{method.upper()} {template} [{label}]"
        found = self.operation(method, template)
        if found is None:
            self.report(False, f"{name}: the operation is not documented")
            return None
        operation, op_pointer = found
        headers = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            content_type = content_type or "application/json"
        if isinstance(data, str):
            data = data.encode("utf-8")
        if content_type is not None:
            headers["Content-Type"] = content_type

        if check_request and data is not None:
            self.check_request_body(name, operation, op_pointer, media_base(content_type), data)

        url = self.base_url + template
        for key, value in (params or {}).items():
            url = url.replace("{" + key + "}", quote(value, safe=""))
        try:
            response = self.session.request(method.upper(), url, headers=headers, data=data, timeout=TIMEOUT)
        except requests.RequestException as error:
            self.report(False, f"{name}: no answer: {error}")
            return None

        status = response.status_code
        self.exercised.add((method, template, status))
        responses = operation.get("responses", {})
        documented = str(status) in responses or f"{str(status)[0]}XX" in responses
        ok = status == expected and documented
        problem = ""
        if status != expected:
            problem = f" (expected {expected}): {short(response.text)}"
        elif not documented:
            problem = f": {status} is not documented for the operation (documented: {', '.join(responses)})"
        self.report(ok, f"{name}: status {status}" + (" is documented" if ok else problem))
        if not documented:
            return None

        key = str(status) if str(status) in responses else f"{str(status)[0]}XX"
        response_object, response_pointer = self.resolve(responses[key], f"{op_pointer}/responses/{key}")
        return self.check_response_body(name, status, response, response_object, response_pointer, expect)

    def check_request_body(self, name: str, operation: dict, op_pointer: str, media: str, data: bytes) -> None:
        body, pointer = self.resolve(operation.get("requestBody", {}), op_pointer + "/requestBody")
        content = body.get("content", {})
        documented = self.find_media(content, media)
        if documented is None:
            self.report(False, f"{name}: request media type {media} is not documented")
            return
        schema_pointer = f"{pointer}/content/{pointer_escape(documented)}/schema"
        try:
            text = data.decode("utf-8")
            if is_json_media(media):
                errors = self.schema_errors(schema_pointer, json.loads(text))
            elif media == "application/x-ndjson":
                errors = self.schema_errors(schema_pointer, text)
                for number, line in enumerate(text.splitlines(), 1):
                    if line.strip():
                        errors += [f"line {number}: {e}" for e in
                                   self.schema_errors("/components/schemas/Registration", json.loads(line))]
            else:
                errors = self.schema_errors(schema_pointer, text)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            errors = [f"the request body cannot be read: {error}"]
        self.report(not errors, f"{name}: request body matches the documented {documented} schema"
                    + (f": {'; '.join(errors)}" if errors else ""))

    def check_response_body(self, name: str, status: int, response: requests.Response, response_object: dict,
                            response_pointer: str, expect: dict | None):
        content = response_object.get("content")
        media = media_base(response.headers.get("Content-Type"))
        if not content:
            return self.report(not response.content, f"{name}: {status} has no documented body"
                               + ("" if not response.content else f", but the answer has one: {short(response.text)}")) and None
        documented = self.find_media(content, media)
        if documented is None:
            self.report(False, f"{name}: content type {media or '(none)'} is not documented for {status} "
                               f"(documented: {', '.join(content)})")
            return None
        schema_pointer = f"{response_pointer}/content/{pointer_escape(documented)}/schema"
        body = None
        if is_json_media(media):
            try:
                body = response.json()
            except ValueError as error:
                self.report(False, f"{name}: the {media} body is not JSON: {error}: {short(response.text)}")
                return None
            errors = self.schema_errors(schema_pointer, body)
        else:
            errors = self.schema_errors(schema_pointer, response.text)
        self.report(not errors, f"{name}: {media} body matches the documented {status} schema"
                    + (f": {'; '.join(errors)} — body {short(response.text)}" if errors else ""))

        if expect:
            wrong = []
            for key, value in expect.items():
                actual = body.get(key) if isinstance(body, dict) else None
                if callable(value):
                    if not value(actual):
                        wrong.append(f"{key}={json.dumps(actual, ensure_ascii=False)}")
                elif actual != value:
                    wrong.append(f"{key}={json.dumps(actual, ensure_ascii=False)} (expected {json.dumps(value, ensure_ascii=False)})")
            described = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in expect.items() if not callable(v))
            checked = ", ".join(k for k, v in expect.items() if callable(v))
            summary = "; ".join(part for part in (described, f"{checked} as expected" if checked else "") if part)
            self.report(not wrong, f"{name}: answer values {summary}" + (f": {', '.join(wrong)}" if wrong else ""))
        return body

    def check_coverage(self) -> None:
        """Every documented operation was called; documented statuses not seen are listed (not failures)."""
        missing_operations = []
        unseen = []
        for template, path_item in self.spec.get("paths", {}).items():
            for method in METHODS:
                if method not in path_item:
                    continue
                seen = {status for m, t, status in self.exercised if m == method and t == template}
                if not seen:
                    missing_operations.append(f"{method.upper()} {template}")
                for status in path_item[method].get("responses", {}):
                    if status.isdigit() and int(status) not in seen:
                        unseen.append(f"{method.upper()} {template} {status}")
        self.report(not missing_operations, "every documented operation was called"
                    + (f": not called: {', '.join(missing_operations)}" if missing_operations else ""))
        if unseen:
            print(f"NOTE  documented statuses not provoked: {', '.join(unseen)}")


def run(checker: Checker, admin_token: str) -> None:
    run_id = f"openapi-check-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
    school_1, school_2 = f"{run_id}-skole-1", f"{run_id}-skole-2"
    foreign_school = f"{run_id}-fremmed-skole"
    pupil = {n: f"{run_id}-elev-{n}" for n in range(1, 6)}
    admin = {"Authorization": f"Bearer {admin_token}"}
    print(f"# source {run_id}, schools {school_1} and {school_2}", flush=True)


    # Sources.
    checker.call("no admin token", "post", "/v1/admin/sources", 401,
                 json_body={"sourceSystem": run_id, "schools": [school_1, school_2]})
    checker.call("malformed JSON", "post", "/v1/admin/sources", 400, headers=admin,
                 data='{"sourceSystem": "x", "schools": [', content_type="application/json", check_request=False)
    checker.call("bad sourceSystem", "post", "/v1/admin/sources", 400, headers=admin,
                 json_body={"sourceSystem": "Not A Name!", "schools": [school_1]}, check_request=False,
                 expect={"errors": lambda e: isinstance(e, list) and e[0].get("field") == "sourceSystem"})
    checker.call("body over 64 KiB", "post", "/v1/admin/sources", 413, headers=admin,
                 json_body={"sourceSystem": run_id, "schools": ["x" * 70_000]}, check_request=False,
                 expect={"limit": 65_536})
    registered = checker.call("new source", "post", "/v1/admin/sources", 201, headers=admin,
                              json_body={"sourceSystem": run_id, "schools": [school_1, school_2]},
                              expect={"sourceSystem": run_id, "schools": [school_1, school_2]})
    api_key = registered.get("apiKey") if isinstance(registered, dict) else None
    if not isinstance(api_key, str) or not api_key:
        checker.report(False, "a source API key was answered (the remaining checks need it)")
        return
    source = {"Authorization": f"Bearer {api_key}"}

    # Moves held for the administrator (a source sending a pupil of a school it does not serve).
    checker.call("held moves, no token", "get", "/v1/admin/pupil-moves", 401)
    checker.call("held moves", "get", "/v1/admin/pupil-moves", 200, headers=admin)
    for decision in ("apply", "reject"):
        checker.call(f"{decision} an unknown move", "post", f"/v1/admin/pupil-moves/{{moveId}}/{decision}", 404,
                     params={"moveId": f"{run_id}-no-such-move"}, headers=admin)

    # Calendars.
    calendar = {"schoolName": "Skovbrynet Skole", "schoolYear": "2026/27", "schoolDays": SCHOOL_DAYS,
                "holidays": HOLIDAYS, "lessonsPerDay": 6}
    checker.call("school 1", "put", "/v1/schools/{schoolId}/calendar", 200, params={"schoolId": school_1},
                 headers=source, json_body=calendar,
                 expect={"schoolId": school_1, "schoolYear": "2026/27", "schoolDays": len(SCHOOL_DAYS), "holidays": len(HOLIDAYS)})
    checker.call("school 2, without holidays", "put", "/v1/schools/{schoolId}/calendar", 200, params={"schoolId": school_2},
                 headers=source, json_body={"schoolName": "Ærø Friskole", "schoolYear": "2026/27",
                                            "schoolDays": SCHOOL_DAYS + SCHOOL_DAYS[:2], "lessonsPerDay": 8},
                 expect={"schoolId": school_2, "schoolDays": len(SCHOOL_DAYS), "holidays": 0})
    checker.call("another source's school", "put", "/v1/schools/{schoolId}/calendar", 403, params={"schoolId": foreign_school},
                 headers=source, json_body=calendar)
    checker.call("no API key", "put", "/v1/schools/{schoolId}/calendar", 401, params={"schoolId": school_1},
                 json_body=calendar)
    checker.call("malformed JSON", "put", "/v1/schools/{schoolId}/calendar", 400, params={"schoolId": school_1},
                 headers=source, data='{"schoolName": "Skovbrynet Skole",', content_type="application/json", check_request=False)
    checker.call("missing schoolDays", "put", "/v1/schools/{schoolId}/calendar", 400, params={"schoolId": school_1},
                 headers=source, json_body={"schoolName": "Skovbrynet Skole", "schoolYear": "2026/27"}, check_request=False,
                 expect={"errors": lambda e: isinstance(e, list) and e[0].get("field") == "schoolDays"})
    checker.call("invalid calendar", "put", "/v1/schools/{schoolId}/calendar", 422, params={"schoolId": school_1},
                 headers=source, check_request=False,
                 json_body={"schoolName": " ", "schoolYear": "2026", "schoolDays": ["2026-11-17", "2026-13-01"],
                            "holidays": [{"date": "2026-11-17", "name": "Ingen"}], "lessonsPerDay": 13},
                 expect={"errors": lambda e: isinstance(e, list) and len(e) == 5})

    # Pupils.
    def pupil_record(n: int, school: str, **extra) -> dict:
        record = {"sourceId": pupil[n], "givenName": ["Ida", "Noah", "Freja", "Oscar", "Alma"][n - 1],
                  "familyName": ["Nørgaard", "Jensen", "Hansen", "Østergaard", "Lund"][n - 1], "schoolId": school,
                  "className": "3.A", "grade": 3, "enrolledFrom": "2026-08-10"}
        record.update(extra)
        return record

    checker.call("array of pupils", "post", "/v1/pupils", 200, headers=source,
                 json_body=[pupil_record(1, school_1), pupil_record(2, school_1, grade="4", enrolledTo="2027-06-25"),
                            pupil_record(3, school_2, className="0.B", grade=0)])
    checker.call("object with a bad pupil", "post", "/v1/pupils", 422, headers=source, check_request=False,
                 json_body={"pupils": [pupil_record(5, school_1, grade=11)]},
                 expect={"accepted": 0, "errors": lambda e: isinstance(e, list) and e[0].get("field") == "pupils[0].grade"})
    checker.call("malformed JSON", "post", "/v1/pupils", 400, headers=source,
                 data="[{", content_type="application/json", check_request=False)
    checker.call("no API key", "post", "/v1/pupils", 401, json_body=[pupil_record(1, school_1)])

    # Registrations.
    too_many = "[" + ",".join(["{}"] * 10_001) + "]"  # 10,001 (empty) items: refused before anything is read

    def registration(rid: str, n: int, date: str, status: str, recorded: str, school: str = school_1, **extra) -> dict:
        record = {"sourceRegistrationId": f"{run_id}-{rid}", "pupilSourceId": pupil[n], "schoolId": school,
                  "date": date, "status": status, "recordedAt": recorded}
        record.update(extra)
        return record

    first = registration("r1", 1, "2026-11-17", "absent", "2026-11-17T08:05:00+01:00", period="day", absenceCategory="illness")
    checker.call("JSON array", "post", "/v1/registrations", 200, headers=source,
                 json_body=[first, registration("r2", 2, "2026-11-17", "late", "2026-11-17T09:02:00+01:00", period=2, minutesLate=7)],
                 expect={"accepted": 2, "duplicates": 0, "corrections": 0, "stale": 0})
    checker.call("JSON object with pupils", "post", "/v1/registrations", 200, headers=source,
                 json_body={"pupils": [pupil_record(4, school_2, grade=9)],
                            "registrations": [registration("r3", 4, "2026-11-18", "present", "2026-11-18T08:00:00Z", school=school_2)]},
                 expect={"accepted": 1, "duplicates": 0})
    ndjson = "\n".join([
        json.dumps(registration("n1", 1, "2026-11-18", "present", "2026-11-18T08:01:00+01:00")),
        "",
        json.dumps(registration("n2", 2, "2026-11-18", "absent", "2026-11-18T08:01:00+01:00", absenceCategory="unauthorized")),
    ]) + "\n"
    checker.call("NDJSON", "post", "/v1/registrations", 200, headers=source, data=ndjson,
                 content_type="application/x-ndjson", expect={"accepted": 2, "duplicates": 0})
    csv = ("\ufeffsource_registration_id;pupil_source_id;school_id;date;period;status;absence_category;minutes_late;recorded_at\r\n"
           f"{run_id}-c1;{pupil[1]};{school_1};2026-11-19;day;absent;authorized;;2026-11-19T08:03:00+01:00\r\n"
           f"\"{run_id}-c2\";{pupil[3]};{school_2};2026-11-19;3;late;;12;2026-11-19T10:15:00+01:00\r\n")
    checker.call("CSV", "post", "/v1/registrations", 200, headers=source, data=csv,
                 content_type="text/csv; charset=utf-8", expect={"accepted": 2, "duplicates": 0})
    checker.call("duplicate, correction and stale", "post", "/v1/registrations", 200, headers=source,
                 json_body=[first,
                            registration("r1b", 1, "2026-11-17", "present", "2026-11-17T10:00:00+01:00"),
                            registration("r1c", 1, "2026-11-17", "absent", "2026-11-17T07:00:00+01:00")],
                 expect={"accepted": 2, "duplicates": 1, "corrections": 1, "stale": 1})
    checker.call("malformed JSON", "post", "/v1/registrations", 400, headers=source,
                 data='[{"sourceRegistrationId": ', content_type="application/json", check_request=False)
    checker.call("CSV without a registration header", "post", "/v1/registrations", 400, headers=source,
                 data="navn;klasse\r\nIda;3.A\r\n", content_type="text/csv", check_request=False)
    checker.call("no API key", "post", "/v1/registrations", 401, json_body=[first])
    checker.call("wrong API key", "post", "/v1/registrations", 401, headers={"Authorization": "Bearer fmk_not-a-key"},
                 json_body=[first])
    checker.call("10,001 items", "post", "/v1/registrations", 413, headers=source, check_request=False,
                 data=too_many, content_type="application/json", expect={"limit": 10_000})
    checker.call("10,001 pupils", "post", "/v1/pupils", 413, headers=source, check_request=False,
                 data=too_many, content_type="application/json", expect={"limit": 10_000})
    checker.call("XML", "post", "/v1/registrations", 415, headers=source, check_request=False,
                 data="<registrations/>", content_type="application/xml")
    checker.call("batch with bad items", "post", "/v1/registrations", 422, headers=source, check_request=False,
                 json_body=[registration("b1", 3, "2026-11-20", "present", "2026-11-20T08:00:00+01:00", school=school_2),
                            registration("b2", 1, "2026-12-01", "absent", "2026-11-20T08:00:00+01:00"),
                            registration("b3", 1, "2026-11-20", "sleeping", "2026-11-20T08:00:00+01:00"),
                            registration("b4", 1, SATURDAY, "present", "2026-11-20T08:00:00+01:00"),
                            registration("b5", 1, "2026-11-20", "present", "2026-11-20T08:00:00+01:00", school=foreign_school),
                            "not an object"],
                 expect={"accepted": 1, "duplicates": 0, "corrections": 0,
                         "errors": lambda e: isinstance(e, list) and [x.get("index") for x in e] == [1, 2, 3, 4, 5]})
    checker.call("NDJSON with a line that is not JSON", "post", "/v1/registrations", 422, headers=source, check_request=False,
                 data=json.dumps(registration("n3", 2, "2026-11-19", "present", "2026-11-19T08:00:00Z")) + "\nikke json\n",
                 content_type="application/x-ndjson",
                 expect={"accepted": 1, "errors": lambda e: isinstance(e, list) and e[0].get("field") == "(item)"})

    # Ed-Fi.
    edfi_path = "/v1/ed-fi/studentSchoolAttendanceEvents"

    def event(n: int, school: str, date: str, descriptor: str, **extra) -> dict:
        record = {"studentReference": {"studentUniqueId": pupil[n]}, "schoolReference": {"schoolId": school},
                  "eventDate": date, "attendanceEventCategoryDescriptor": descriptor}
        record.update(extra)
        return record

    checker.call("array of events", "post", edfi_path, 200, headers=source,
                 json_body=[event(1, school_1, "2026-11-20", "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Excused Absence",
                                  id=f"{run_id}-e1", attendanceEventReason="Syg", _lastModifiedDate="2026-11-20T08:30:00Z",
                                  sessionReference={"schoolId": 255901, "schoolYear": 2027, "sessionName": "2026-2027 Efterår"}),
                            event(2, school_1, "2026-11-20", "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy",
                                  _lastModifiedDate="2026-11-20T08:40:00Z")],
                 expect={"accepted": 2, "duplicates": 0})
    checker.call("one event", "post", edfi_path, 200, headers=source,
                 json_body=event(3, school_2, "2026-11-23", "Unexcused Absence", id=f"{run_id}-e3",
                                 _lastModifiedDate="2026-11-23T09:00:00.1234567Z"),
                 expect={"accepted": 1})
    checker.call("unknown descriptor", "post", edfi_path, 422, headers=source,
                 json_body=[event(2, school_1, "2026-11-23", "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Field Trip",
                                  id=f"{run_id}-e4", _lastModifiedDate="2026-11-23T09:00:00Z")],
                 expect={"accepted": 0, "errors": lambda e: isinstance(e, list) and e[0].get("field") == "(item)"})
    checker.call("10,001 events", "post", edfi_path, 413, headers=source, check_request=False,
                 data=too_many, content_type="application/json", expect={"limit": 10_000})
    checker.call("malformed JSON", "post", edfi_path, 400, headers=source,
                 data='{"studentReference": ', content_type="application/json", check_request=False)
    checker.call("no API key", "post", edfi_path, 401, json_body=[event(1, school_1, "2026-11-20", "Tardy")])

    # The data protection officer's requests (docs/privacy.md), with staff tokens signed by the stack's key.
    from dev_token import token
    dpo = {"Authorization": f"Bearer {token(['data-protection-officer'], [], 'openapi-dpo')}"}
    leader = {"Authorization": f"Bearer {token(['school-leader'], [school_1], 'openapi-leader')}"}
    found = checker.call("pupil key", "post", "/v1/pupil-keys", 200, headers=dpo, json_body={"sourceId": pupil[5], "sourceSystem": run_id})
    checker.call("pupil key, not the officer", "post", "/v1/pupil-keys", 403, headers=leader, json_body={"sourceId": pupil[5], "sourceSystem": run_id})
    checker.call("pupil key, no id", "post", "/v1/pupil-keys", 400, headers=dpo, json_body={"sourceId": " "}, check_request=False)
    checker.call("pupil key, a local id without its source", "post", "/v1/pupil-keys", 400, headers=dpo, json_body={"sourceId": pupil[5]},
                 expect={"errors": lambda e: isinstance(e, list) and e[0].get("field") == "sourceSystem"})
    key = (found or {}).get("pupilKey", "AAAAAAAAAAAAAAAAAAAAAAAAAA")
    checker.call("export", "get", "/v1/pupils/{pupilKey}/export", 200, params={"pupilKey": key}, headers=dpo,
                 expect={"service": "intake", "pupilKey": key})
    checker.call("export, not the officer", "get", "/v1/pupils/{pupilKey}/export", 403, params={"pupilKey": key}, headers=leader)
    checker.call("export, no token", "get", "/v1/pupils/{pupilKey}/export", 401, params={"pupilKey": key})
    checker.call("audit log without a filter", "get", "/v1/audit", 400, headers=dpo)
    checker.call("audit log, not the officer", "get", "/v1/audit", 403, headers=leader)
    checker.call("erasure without a reason", "post", "/v1/pupils/{pupilKey}/erasure", 400, params={"pupilKey": key}, headers=dpo,
                 json_body={"reason": ""}, check_request=False)
    checker.call("erasure", "post", "/v1/pupils/{pupilKey}/erasure", 202, params={"pupilKey": key}, headers=dpo,
                 json_body={"reason": "openapi check"}, expect={"pupilKey": key})


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    spec_path, base_url = argv[1], argv[2]
    admin_token = os.environ.get("INTAKE_ADMIN_TOKEN", "")
    if not admin_token:
        print("INTAKE_ADMIN_TOKEN is not set", file=sys.stderr)
        return 2
    try:
        with open(spec_path, encoding="utf-8") as file:
            spec = yaml.safe_load(file)
    except (OSError, yaml.YAMLError) as error:
        print(f"FAIL  {spec_path} is readable YAML: {error}")
        print("openapi check: 0 passed, 1 failed")
        return 1

    checker = Checker(spec, base_url)
    try:
        validate_openapi(spec)
        checker.report(True, f"{spec_path} is a valid OpenAPI {spec.get('openapi')} document")
    except Exception as error:  # openapi-spec-validator raises several kinds
        checker.report(False, f"{spec_path} is a valid OpenAPI document: {short(str(error), 600)}")
    try:
        checker.check_examples()
        run(checker, admin_token)
        checker.check_coverage()
    except Exception as error:  # a broken document or an unexpected answer: report, do not hide the count
        checker.report(False, f"the checker could not go on: {type(error).__name__}: {error}")
    print(f"openapi check: {checker.passed} passed, {checker.failed} failed")
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
