#!/usr/bin/env python3
"""An SMTP server for NotificationService's tests (Debian's python3-aiosmtpd): stores every message
in a Maildir and can require STARTTLS, speak implicit TLS, require AUTH, or answer slowly.

Usage: smtp_test_server.py MAILDIR [--port N] [--cert C --key K] [--starttls | --implicit-tls]
                           [--auth USER:PASSWORD] [--delay SECONDS] [--refuse-rcpt]
Prints "port N" once it listens (N is chosen by the system when --port is 0).
"""
import argparse
import asyncio
import signal
import socket
import ssl
import sys

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult


class SlowMailbox(Mailbox):
    def __init__(self, maildir, delay, refuse_rcpt):
        super().__init__(maildir)
        self.delay = delay
        self.refuse_rcpt = refuse_rcpt

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("maildir")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--refuse-rcpt", action="store_true")
    args = parser.parse_args()
    # Started from a test process whose threads may block signals: take SIGTERM back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    handler = SlowMailbox(args.maildir, args.delay, args.refuse_rcpt)
    options = {"hostname": "localhost"}
    if args.starttls:
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            return AuthResult(success=ok)

        options.update(authenticator=authenticator, auth_required=True,
                       auth_require_tls=args.starttls or args.implicit_tls)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, **options), sock=sock, ssl=context if args.implicit_tls else None))
    print(f"port {sock.getsockname()[1]}", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
