"""A local receiver of cambill's outbound webhooks, as an operator would run one.

A stdlib ``ThreadingHTTPServer`` in a daemon thread on a free loopback port.
Every POST is kept with its headers and body, and its signature is checked the
way an integrator's receiver does it: with the ``standardwebhooks`` library
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature``; the timestamp
within 5 minutes), never with cambill's own code.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    """One webhook request as the receiver saw it."""

    path: str
    event_type: str
    signature: str
    body: str
    valid: bool
    headers: dict[str, str]

    @property
    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.body)
        return data


class WebhookReceiver:
    """``start()`` / ``stop()``; ``url`` to register as an endpoint; ``received`` to read."""

    def __init__(self, secret: str, path: str = "/cambill-webhooks") -> None:
        self.secret = secret
        self.path = path
        self.received: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n).decode()
                item = Received(
                    path=self.path,
                    event_type=self.headers.get("Cambill-Event") or "",
                    signature=self.headers.get("webhook-signature") or "",
                    body=body,
                    valid=receiver.verify(body, self.headers),
                    headers={k.lower(): v for k, v in self.headers.items()},
                )
                with receiver._lock:
                    receiver.received.append(item)
                # A receiver answers 400 to a bad signature, so cambill retries and logs it.
                code = 204 if item.valid and self.path == receiver.path else 400
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"webhook-receiver-{self.port}",
            daemon=True,
        )

    def verify(self, body: str, headers: Any) -> bool:
        """True when the Standard Webhooks signature of ``body`` is valid."""
        from standardwebhooks import Webhook
        from standardwebhooks.webhooks import WebhookVerificationError

        wanted = ("webhook-id", "webhook-timestamp", "webhook-signature")
        try:
            Webhook(self.secret).verify(body, {k: headers.get(k) or "" for k in wanted})
        except (WebhookVerificationError, ValueError):
            return False
        return True

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def since(self, index: int) -> list[Received]:
        """What arrived after the first ``index`` requests."""
        with self._lock:
            return list(self.received[index:])

    def count(self) -> int:
        with self._lock:
            return len(self.received)
