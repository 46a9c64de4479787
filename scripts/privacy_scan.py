#!/usr/bin/env python3
"""The privacy scan of the test command (architecture §3; docs/privacy.md): no CPR number and no
pupil name in any log line of the test stack, in any message on any topic except pupil.directory,
or in any e-mail the SMTP sink received.

Usage: privacy_scan.py RUN_DIR
  RUN_DIR/topics.tsv     messages recorded by scripts/test while the tests ran (kcat: topic TAB value per line)
  RUN_DIR/logs/*.log     the stack's log files (services, PostgreSQL, broker, SMTP sink)
  RUN_DIR/maildir/       delivered e-mail

Names are the pupils the run used: the given and family names on pupil.directory. A CPR number is
ddmmyy-xxxx or ten digits whose first six are a valid date, standing alone (not inside a longer run
of letters or digits, so hex trace ids and base32 keys do not count). A finding names the file or
topic and the line, never the value. attendance.registrations.source.<source> is each school
system's raw feed into IntakeService and carries the system's pupil id by contract (architecture
§3): those topics are scanned for names only; their dead-letter topic attendance.registrations.dlq
holds references (topic, partition, offset) and is scanned like every other topic. Topics named test.* belong to the test harness, not the system, and are skipped.
Exit 1 when anything is found.
"""
import calendar
import json
import os
import re
import sys

RAW_FEED = "attendance.registrations.source."  # a source's raw feed (FremmoedeTopic.sourceFeed)
CPR = re.compile(r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![0-9A-Za-z])")


def cpr_like(text):
    for match in CPR.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000 + year if year < 50 else 1900 + year, month)[1]:
            return True
    return False


def lines_of(path):
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            yield number, raw.decode("utf-8", "replace")


def main():
    run_dir = sys.argv[1]
    recorded = os.path.join(run_dir, "topics.tsv")
    messages = []  # (topic, line number in topics.tsv, text)
    if os.path.exists(recorded):
        topic = ""
        for number, line in lines_of(recorded):
            head, tab, rest = line.partition("\t")
            if tab and re.fullmatch(r"[A-Za-z0-9._-]+", head):
                topic, line = head, rest
            messages.append((topic, number, line))
    names = set()
    for topic, _, line in messages:
        if topic != "pupil.directory":
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        for field in ("givenName", "familyName"):
            name = (entry.get(field) or "").strip()
            if len(name) >= 4:
                names.add(name)
    name_pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)") if names else None

    findings = []
    topics = set()
    for topic, number, line in messages:
        if topic == "pupil.directory" or topic.startswith("test."):
            continue
        topics.add(topic)
        if not topic.startswith(RAW_FEED) and cpr_like(line):
            findings.append(f"topic {topic} (topics.tsv line {number}): a CPR-shaped number")
        if name_pattern and name_pattern.search(line):
            findings.append(f"topic {topic} (topics.tsv line {number}): a pupil's name")
    sources = []
    logs = os.path.join(run_dir, "logs")
    for name in sorted(os.listdir(logs)) if os.path.isdir(logs) else []:
        sources.append((f"log {name}", os.path.join(logs, name), True))
    for folder in ("new", "cur"):
        mail = os.path.join(run_dir, "maildir", folder)
        for name in sorted(os.listdir(mail)) if os.path.isdir(mail) else []:
            sources.append((f"mail {folder}/{name}", os.path.join(mail, name), True))
    file_lines = 0
    for label, path, check_cpr in sources:
        for number, line in lines_of(path):
            file_lines += 1
            if check_cpr and cpr_like(line):
                findings.append(f"{label} line {number}: a CPR-shaped number")
            if name_pattern and name_pattern.search(line):
                findings.append(f"{label} line {number}: a pupil's name")
    for finding in findings[:200]:
        print("privacy scan:", finding)
    print(f"privacy scan: {len(messages)} messages on {len(topics)} topics and {file_lines} lines in {len(sources)} files, "
          f"{len(names)} pupil names, {len(findings)} findings")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
