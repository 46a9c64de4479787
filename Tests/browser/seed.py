"""Makes a concern arise for real on the test stack: a pupil, the school's calendar and absence
registrations go in through IntakeService's HTTP API with the demo attendance system's key
(DEMO_SOURCE_API_KEY); ScreeningService raises the concerns and PlanningService puts them in the
school's inbox — the same path a municipality's feed takes."""
import datetime
import os
import sys
import time
import json
import urllib.request


def weekdays(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def call(env, method, path, body):
    request = urllib.request.Request(env["INTAKE_URL"] + path, method=method, data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + env["DEMO_SOURCE_API_KEY"], "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def import_staff(env):
    """Imports the development IdP's users (DEMO_STAFF_FILE) into PlanningService's staff register as the
    municipality's administrator does with its staff directory (scripts/run's demo does the same)."""
    for name in ("AUTH_ISSUER", "AUTH_SIGNING_KEY_FILE", "AUTH_KEY_ID"):
        os.environ[name] = env[name]
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
    import dev_token  # noqa: E402  (reads the signing key named by the environment)
    with open(env["DEMO_STAFF_FILE"], encoding="utf-8") as handle:
        staff = [{"staffId": s["staffId"], "name": s["name"], "email": s["email"]} for s in json.load(handle)]
    request = urllib.request.Request(env["PLANNING_URL"] + "/v1/admin/staff", method="POST", data=json.dumps({"staff": staff}).encode(),
                                     headers={"Authorization": "Bearer " + dev_token.token(["municipality-admin"], ["*"], "script-staff-import"),
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def seed_pupil(env, school, source_id, given, family, today):
    """Registers a pupil of `school` who, up to `today`, was absent without leave on many school days of the quarter."""
    year_start = datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 10)
    school_days = list(weekdays(year_start, datetime.date(year_start.year, 12, 18)))
    call(env, "PUT", f"/v1/schools/{school}/calendar", {
        "schoolName": "Skole 01" if school == "skole-01" else school, "schoolYear": f"{year_start.year}/{str(year_start.year + 1)[2:]}",
        "schoolDays": [d.isoformat() for d in school_days], "holidays": [], "lessonsPerDay": 6})
    call(env, "POST", "/v1/pupils", [{"sourceId": source_id, "givenName": given, "familyName": family, "schoolId": school,
                                      "className": "6A", "grade": 6, "enrolledFrom": year_start.isoformat()}])
    # Calendars and registrations travel on different topics: give Screening a moment to have the calendar.
    time.sleep(2)
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    past = [d for d in school_days if quarter_start <= d <= today]
    absent = past[-15:-4:2] + past[-3:]  # every other day for two weeks, then the last three days in a row
    registrations = [{
        "sourceRegistrationId": f"{source_id}-{d.isoformat()}", "pupilSourceId": source_id, "schoolId": school, "date": d.isoformat(),
        "status": "absent", "absenceCategory": "unauthorized", "recordedAt": f"{d.isoformat()}T08:05:00Z", "period": "day"} for d in absent]
    # Present days too, so the feed looks like a real one (the denominator is the calendar either way).
    registrations += [{
        "sourceRegistrationId": f"{source_id}-{d.isoformat()}", "pupilSourceId": source_id, "schoolId": school, "date": d.isoformat(),
        "status": "present", "recordedAt": f"{d.isoformat()}T08:05:00Z", "period": "day"} for d in past if d not in absent]
    return call(env, "POST", "/v1/registrations", registrations)


def correct_to_present(env, school, source_id, today):
    """Corrects every school day of the quarter up to `today` to present (a later registration for the
    same day), as a school system does after a doctor's note: the pupil's rule findings resolve."""
    year_start = datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 10)
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    days = [d for d in weekdays(year_start, datetime.date(year_start.year, 12, 18)) if quarter_start <= d <= today]
    return call(env, "POST", "/v1/registrations", [{
        "sourceRegistrationId": f"{source_id}-{d.isoformat()}-corrected", "pupilSourceId": source_id, "schoolId": school, "date": d.isoformat(),
        "status": "present", "recordedAt": f"{d.isoformat()}T15:00:00Z", "period": "day"} for d in days])
