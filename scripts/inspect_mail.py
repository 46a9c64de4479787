#!/usr/bin/env python3
"""Parses every message in a Maildir with Python's email package and prints them as JSON, for
NotificationService's tests: the raw header lines (to see RFC 2047 encoding), the decoded headers,
the parser's defects, and each MIME part with its type, charset, transfer encoding and decoded text.

Usage: inspect_mail.py MAILDIR
"""
import json
import mailbox
import sys
from email import message_from_bytes
from email.policy import compat32, default


def main() -> int:
    messages = []
    box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
    for key in box.keys():
        data = box.get_bytes(key)
        raw = message_from_bytes(data, policy=compat32)
        parsed = message_from_bytes(data, policy=default)
        parts = []
        for part in parsed.walk():
            if part.is_multipart():
                continue
            parts.append({
                "contentType": part.get_content_type(),
                "charset": part.get_content_charset(),
                "transferEncoding": part.get("Content-Transfer-Encoding"),
                "text": part.get_content(),
                "defects": [str(d) for d in part.defects],
            })
        messages.append({
            "rawHeaders": {name: str(value) for name, value in raw.items()},
            "subject": str(parsed["Subject"]),
            "from": str(parsed["From"]),
            "fromName": parsed["From"].addresses[0].display_name if parsed["From"] else None,
            "to": str(parsed["To"]),
            "messageId": str(parsed["Message-ID"]),
            "date": str(parsed["Date"]),
            "rcptTo": str(parsed.get("X-RcptTo", "")),
            "contentType": parsed.get_content_type(),
            "defects": [str(d) for d in parsed.defects],
            "parts": parts,
        })
    json.dump(messages, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
