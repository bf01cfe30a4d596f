#!/usr/bin/env python3
"""A real SMTP server for the mail test tier (aiosmtpd from PyPI).

Listens on 127.0.0.1:PORT and appends one JSON line per message received to OUT: the envelope,
Message-ID, subject, plain-text body and each attachment's name, type and SHA-256. A line is on
disk before the server answers 250, so whoever sent the message can read it at once. Prints
"ready" when it accepts connections; runs until killed.
"""

import argparse
import email
import email.policy
import hashlib
import json
import os
import signal

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        line = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "message_id": message["Message-ID"],
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "body": body.get_content() if body is not None else "",
            "attachments": [
                {
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "sha256": hashlib.sha256(part.get_payload(decode=True)).hexdigest(),
                }
                for part in message.iter_attachments()
            ],
        }
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
            f.flush()
            os.fsync(f.fileno())
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    controller = Controller(Sink(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
