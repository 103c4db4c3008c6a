"""The demo's SMTP server: it accepts every message the outbox sends and keeps it.

``cambill demo-serve`` starts it (127.0.0.1:8025 by default) and points Django's
SMTP backend at it, so the e-mail outbox really delivers over SMTP in the demo;
each message is also written to ``var/demo-mail/<n>.eml`` to be opened in a mail
reader. The same server (aiosmtpd) runs in the outbox tests.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.count += 1
            n = self.count
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{n:05d}.eml").write_bytes(envelope.content)
        return "250 Message accepted for delivery"


class SmtpSink:
    """An SMTP server in a thread that keeps every message (``count``, the .eml files)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8025, folder: Path | None = None):
        self.host, self.port = host, port
        self.handler = _Handler(folder)
        self.controller = Controller(self.handler, hostname=host, port=port)

    @property
    def count(self) -> int:
        return self.handler.count

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
