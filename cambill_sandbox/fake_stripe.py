"""A small fake Stripe API for tests and ``cambill demo-flow``: answers the calls
the adapter makes, over real HTTP, so the official SDK is exercised unchanged.

``/v1/customers``, ``/v1/setup_intents`` (+ ``/<id>``), ``/v1/payment_intents``.
Set ``server.decline = True`` to make the next PaymentIntents fail with a
``card_declined`` 402, as Stripe does; ``server.confirm_async = True`` to answer
them ``processing`` (the result then arrives by webhook: ``succeed(pi_id)``).
Idempotency keys are honoured: the same key returns the same object (and a
declined one declines again). ``clock`` gives the ``created`` time of new
objects (default: the wall clock), so a simulated flow can date them.
Also signs webhook payloads the way Stripe does (``stripe_signature``).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl


def stripe_signature(secret: str, payload: str, t: int | None = None) -> str:
    t = int(time.time()) if t is None else t
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def _unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``metadata[invoice_id]=7`` -> {"metadata": {"invoice_id": "7"}}."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        last = parts[-1]
        if last == "" or last.isdigit():
            node.setdefault("_list", []).append(value)
        else:
            node[last] = value
    return out


class FakeStripe:
    def __init__(self) -> None:
        self.decline = False
        self.confirm_async = False
        self.clock: Callable[[], float] = time.time
        self.requests: list[tuple[str, str, dict[str, Any], str | None]] = []
        self.objects: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, tuple[int, dict[str, Any]]] = {}
        self.ids = itertools.count(1)
        # Stripe's ids are unique everywhere: a second fake (another test, another
        # demo run on the same database) must not reuse the first one's event ids.
        self.tag = secrets.token_hex(4)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                fake.requests.append(("GET", self.path, {}, None))
                obj_id = self.path.rstrip("/").split("/")[-1].split("?")[0]
                if obj_id in fake.objects:
                    self._send(200, fake.objects[obj_id])
                else:
                    self._send(
                        404,
                        {"error": {"type": "invalid_request_error", "message": "No such object"}},
                    )

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                params = _unflatten(parse_qsl(self.rfile.read(n).decode(), keep_blank_values=True))
                key = self.headers.get("Idempotency-Key")
                fake.requests.append(("POST", self.path, params, key))
                if key and key in fake.by_key:
                    code, body = fake.by_key[key]
                    self._send(code, body)
                    return
                code, body = fake.handle(self.path, params)
                if key:
                    fake.by_key[key] = (code, body)
                self._send(code, body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FakeStripe:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _new(self, prefix: str, **fields: Any) -> dict[str, Any]:
        obj = {
            "id": f"{prefix}_{self.tag}{next(self.ids):06d}",
            "created": int(self.clock()),
            **fields,
        }
        self.objects[obj["id"]] = obj
        return obj

    def handle(self, path: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        path = path.split("?")[0].rstrip("/")
        if path == "/v1/customers":
            return 200, self._new(
                "cus", object="customer", name=p.get("name"), metadata=p.get("metadata", {})
            )
        if path == "/v1/setup_intents":
            si = self._new(
                "seti",
                object="setup_intent",
                customer=p.get("customer"),
                status="requires_payment_method",
                payment_method=None,
                usage=p.get("usage"),
                metadata=p.get("metadata", {}),
            )
            si["client_secret"] = f"{si['id']}_secret_x"
            return 200, si
        if path == "/v1/payment_intents":
            amount = int(p["amount"])
            common = {
                "object": "payment_intent",
                "amount": amount,
                "currency": p.get("currency"),
                "customer": p.get("customer"),
                "payment_method": p.get("payment_method"),
                "metadata": p.get("metadata", {}),
            }
            if self.decline:
                pi = self._new(
                    "pi",
                    status="requires_payment_method",
                    amount_received=0,
                    last_payment_error={
                        "code": "card_declined",
                        "message": "Your card was declined.",
                    },
                    **common,
                )
                return 402, {
                    "error": {
                        "type": "card_error",
                        "code": "card_declined",
                        "decline_code": "insufficient_funds",
                        "message": "Your card was declined.",
                        "payment_intent": pi,
                    }
                }
            if self.confirm_async:
                return 200, self._new("pi", status="processing", amount_received=0, **common)
            return 200, self._new("pi", status="succeeded", amount_received=amount, **common)
        return 404, {"error": {"type": "invalid_request_error", "message": f"unknown {path}"}}

    def complete_setup(self, setup_intent_id: str) -> str:
        """What Stripe.js does when the subscriber enters a card."""
        pm = self._new("pm", object="payment_method", type="card")
        si = self.objects[setup_intent_id]
        si["status"] = "succeeded"
        si["payment_method"] = pm["id"]
        return pm["id"]

    def succeed(self, intent_id: str) -> dict[str, Any]:
        """A ``processing`` PaymentIntent settles (what Stripe reports by webhook)."""
        pi = self.objects[intent_id]
        pi["status"] = "succeeded"
        pi["amount_received"] = pi["amount"]
        return pi

    def event(self, type_: str, obj: dict[str, Any]) -> str:
        ev = {
            "id": f"evt_{self.tag}{next(self.ids):06d}",
            "object": "event",
            "type": type_,
            "api_version": "2024-06-20",
            "created": int(self.clock()),
            "data": {"object": obj},
        }
        return json.dumps(ev)
