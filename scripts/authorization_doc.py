#!/usr/bin/env python3
"""Writes the endpoint x role table of docs/authorization.md from docs/authorization.json (the one
source of truth, which AuthorizationTableTests walks against the running stack).

Usage: scripts/authorization_doc.py [--check]   (--check: exit 1 when the document is out of date)
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN, END = "<!-- table: made by scripts/authorization_doc.py -->", "<!-- end of table -->"
SHORT = {"teacher": "teacher", "school-leader": "leader", "detection-team": "detection", "ppr-psychologist": "PPR",
         "social-worker": "social", "health-nurse": "nurse", "kom-i-skole-consultant": "KiS", "pedagogue": "pedagogue",
         "municipality-analyst": "analyst", "municipality-admin": "admin", "data-protection-officer": "DPO",
         "benefit-case-worker": "benefit"}


def table(spec):
    roles = spec["roles"]
    lines = ["| service | method | path | credential | " + " | ".join(SHORT.get(r, r) for r in roles) + " | notes |",
             "|" + "---|" * (len(roles) + 5)]
    for row in spec["endpoints"]:
        credential = row.get("credential", "staff")
        access = row.get("access", {})
        cells = []
        for role in roles:
            if credential in ("none", "source-key"):
                cells.append("·")
                continue
            grant = access.get(role, access.get("*"))
            cells.append({"all": "all", "own": "own"}.get(grant, "—"))
        path = row["path"] + ("?" + row["query"] if row.get("query") else "")
        notes = row.get("note", "")
        if row.get("missing"):
            notes = (notes + "; " if notes else "") + "denied may answer 404 (no fixture)"
        lines.append(f"| {row['service']} | {row['method']} | `{path}` | {credential} | " + " | ".join(cells) + f" | {notes} |")
    return "\n".join(lines)


def main():
    spec = json.load(open(os.path.join(ROOT, "docs", "authorization.json")))
    doc_path = os.path.join(ROOT, "docs", "authorization.md")
    doc = open(doc_path).read()
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    updated = doc[:start] + "\n" + table(spec) + "\n" + doc[end:]
    if "--check" in sys.argv:
        if updated != doc:
            print("docs/authorization.md is out of date: run scripts/authorization_doc.py", file=sys.stderr)
            sys.exit(1)
        return
    open(doc_path, "w").write(updated)


if __name__ == "__main__":
    main()
