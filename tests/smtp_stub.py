"""A small SMTP server for tests: it speaks enough SMTP for smtplib, keeps what it accepted, and fails on cue."""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        stub: SMTPStub = self.server.stub
        self.reply("220 stub ESMTP")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 stub")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if address in stub.refuse:
                    self.reply("550 no such mailbox")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    data += chunk
                stub.data_started.set()
                stub.release.wait(timeout=30)
                with stub.lock:
                    refused = stub.accept_limit is not None and len(stub.received) >= stub.accept_limit
                    if not refused:
                        stub.received.append((recipients, email.message_from_bytes(
                            data[:-5].replace(b"\r\n..", b"\r\n."), policy=email.policy.default)))
                stub.answered.set()  # decided, even if the sender is gone and never reads the answer
                try:
                    self.reply("451 try again later" if refused else "250 queued")
                except OSError:
                    return
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class SMTPStub:
    """Accept up to `accept_limit` messages (None: all), refuse the addresses in `refuse`."""

    def __init__(self, accept_limit: int | None = None):
        self.accept_limit = accept_limit
        self.refuse: set[str] = set()
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()
        self.data_started = threading.Event()
        self.answered = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.stub = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SMTPStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def subjects(self) -> list[str]:
        return [message["Subject"] for _to, message in self.received]
