"""A small fake Stripe API for tests and ``cambill demo-flow``: answers the calls
the adapter makes, over real HTTP, so the official SDK is exercised unchanged.

``/v1/customers``, ``/v1/setup_intents`` (+ ``/<id>``), ``/v1/payment_intents``,
``/v1/payment_methods/<id>`` (+ ``/detach``), ``/v1/checkout/sessions`` (+ ``/<id>``
with ``expand[]``, ``/<id>/expire``). A Checkout Session's ``url`` is a hosted page
of this server (``/pay/<id>``: a plain HTML form, no external assets) where a test
card number is typed: ``4242424242424242`` succeeds, ``4000002500003155`` asks for
authentication (a 3-D Secure challenge page: complete or fail it) and is refused
off-session (``authentication_required``), ``4000000000000002`` is declined
(``card_declined``). Events of what happened there are kept in ``events`` (signed
payloads) and, when ``webhook_url`` is set, POSTed to it signed with
``webhook_secret``, as Stripe does.
Set ``server.decline = True`` to make the next PaymentIntents fail with a
``card_declined`` 402, as Stripe does; ``server.confirm_async = True`` to answer
them ``processing`` (the result then arrives by webhook: ``succeed(pi_id)``).
Idempotency keys are honoured: the same key returns the same object (and a
declined one declines again). ``clock`` gives the ``created`` time of new
objects (default: the wall clock), so a simulated flow can date them.
Also signs webhook payloads the way Stripe does (``stripe_signature``).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import html
import itertools
import json
import secrets
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

#: Stripe's test cards this fake knows: number -> (brand, behaviour).
TEST_CARDS = {
    "4242424242424242": ("visa", "ok"),
    "4000002500003155": ("visa", "3ds"),
    "4000000000000002": ("visa", "decline"),
    "5555555555554444": ("mastercard", "ok"),
}
DECLINED = {
    "code": "card_declined",
    "decline_code": "generic_decline",
    "message": "Your card was declined.",
}
AUTH_FAILED = {
    "code": "payment_intent_authentication_failure",
    "message": "We are unable to authenticate your payment method. Please choose a "
    "different payment method and try again.",
}
AUTH_REQUIRED = {
    "code": "authentication_required",
    "decline_code": "authentication_required",
    "message": "Your card was declined. This transaction requires authentication.",
}


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
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.decline = False
        self.confirm_async = False
        self.webhook_url: str | None = None
        self.webhook_secret = "whsec_fake"
        # The signing secret of an event's object (one per Stripe account: each cloud's,
        # the provider's); default: ``webhook_secret`` for all.
        self.secret_for: Callable[[dict[str, Any]], str] | None = None
        self.events: list[str] = []
        # (path, Authorization header) of each API POST: which key made the call.
        self.auth: list[tuple[str, str]] = []
        self.lock = threading.RLock()
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

            def _page(self, code: int, body: str, location: str | None = None) -> None:
                data = body.encode()
                self.send_response(code)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                fake.requests.append(("GET", self.path, {}, None))
                parts = urlsplit(self.path)
                if parts.path.startswith("/pay/"):
                    self._page(*fake.page_get(parts.path))
                    return
                query = _unflatten(parse_qsl(parts.query, keep_blank_values=True))
                obj_id = parts.path.rstrip("/").split("/")[-1]
                if obj_id in fake.objects:
                    expand = query.get("expand", {}).get("_list", [])
                    self._send(200, fake.expanded(fake.objects[obj_id], expand))
                else:
                    self._send(
                        404,
                        {"error": {"type": "invalid_request_error", "message": "No such object"}},
                    )

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                params = _unflatten(parse_qsl(self.rfile.read(n).decode(), keep_blank_values=True))
                if self.path.startswith("/pay/"):
                    fake.requests.append(("POST", self.path, params, None))
                    self._page(*fake.page_post(self.path, params))
                    return
                key = self.headers.get("Idempotency-Key")
                fake.requests.append(("POST", self.path, params, key))
                fake.auth.append((self.path, str(self.headers.get("Authorization") or "")))
                if key and key in fake.by_key:
                    code, body = fake.by_key[key]
                    self._send(code, body)
                    return
                code, body = fake.handle(self.path, params)
                if key:
                    fake.by_key[key] = (code, body)
                self._send(code, body)

        self.httpd = ThreadingHTTPServer((host, port), Handler)
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
        with self.lock:
            return self._handle(path, p)

    def _handle(self, path: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        path = path.split("?")[0].rstrip("/")
        if path == "/v1/checkout/sessions":
            return self._session_create(p)
        if path.startswith("/v1/checkout/sessions/") and path.endswith("/expire"):
            cs = self.objects.get(path.split("/")[-2])
            if cs is None:
                return 404, {"error": {"type": "invalid_request_error", "message": "No such"}}
            if cs["status"] != "open":
                return 400, {
                    "error": {
                        "type": "invalid_request_error",
                        "message": f"This Checkout Session is {cs['status']}.",
                    }
                }
            cs["status"] = "expired"
            return 200, cs
        if path.startswith("/v1/payment_methods/") and path.endswith("/detach"):
            pm = self.objects.get(path.split("/")[-2])
            if pm is None:
                return 404, {"error": {"type": "invalid_request_error", "message": "No such"}}
            pm["customer"] = None
            return 200, pm
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
            pm = self.objects.get(str(p.get("payment_method") or ""), {})
            behaviour = pm.get("_behaviour", "ok")
            if behaviour == "3ds" and p.get("off_session") == "true" and not self.decline:
                pi = self._new(
                    "pi",
                    status="requires_action",
                    amount_received=0,
                    last_payment_error=AUTH_REQUIRED,
                    **common,
                )
                return 402, {"error": {"type": "card_error", **AUTH_REQUIRED, "payment_intent": pi}}
            if self.decline or behaviour == "decline":
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

    def complete_setup(self, setup_intent_id: str, number: str = "4242424242424242") -> str:
        """What Stripe.js does when the subscriber enters a card."""
        pm = self._card(number, self.objects[setup_intent_id].get("customer"))
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

    # --- Checkout: sessions and the hosted page ---------------------------------------

    def _card(self, number: str, customer: Any = None) -> dict[str, Any]:
        brand, behaviour = TEST_CARDS.get(number, ("visa", "ok"))
        return self._new(
            "pm",
            object="payment_method",
            type="card",
            customer=customer,
            card={"brand": brand, "last4": number[-4:], "exp_month": 12, "exp_year": 2034},
            _behaviour=behaviour,
        )

    def _session_create(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        mode = p.get("mode")
        if mode not in ("payment", "setup") or not p.get("success_url"):
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": "mode (payment|setup) and success_url are required.",
                }
            }
        items = [v for k, v in sorted(p.get("line_items", {}).items()) if k != "_list"]
        total = 0
        currency = p.get("currency")
        for item in items:
            data = item.get("price_data", {})
            total += int(data.get("unit_amount") or 0) * int(item.get("quantity") or 1)
            currency = data.get("currency", currency)
        cs = self._new(
            "cs",
            object="checkout.session",
            mode=mode,
            status="open",
            payment_status="unpaid" if mode == "payment" else "no_payment_required",
            customer=p.get("customer"),
            customer_email=p.get("customer_email"),
            client_reference_id=p.get("client_reference_id"),
            success_url=p["success_url"],
            cancel_url=p.get("cancel_url"),
            amount_total=total if mode == "payment" else None,
            currency=currency,
            line_items_data=items,
            metadata=p.get("metadata", {}),
            payment_intent=None,
            setup_intent=None,
            _intent_data=p.get("payment_intent_data", {}),
            _setup_data=p.get("setup_intent_data", {}),
        )
        cs["url"] = f"{self.base}/pay/{cs['id']}"
        return 200, cs

    def expanded(self, obj: dict[str, Any], expand: list[str]) -> dict[str, Any]:
        """``obj`` with the ids at the ``expand`` paths replaced by their objects."""
        out = copy.deepcopy(obj)
        for path in expand:
            node: Any = out
            keys = path.split(".")
            for i, key in enumerate(keys):
                value = node.get(key) if isinstance(node, dict) else None
                if isinstance(value, str) and value in self.objects:
                    node[key] = copy.deepcopy(self.objects[value])
                    value = node[key]
                if i < len(keys) - 1:
                    node = value
        return out

    def _emit(self, type_: str, obj: dict[str, Any]) -> None:
        payload = self.event(type_, copy.deepcopy(obj))
        self.events.append(payload)
        url = self.webhook_url
        if not url:
            return
        secret = self.secret_for(obj) if self.secret_for else self.webhook_secret
        header = stripe_signature(secret, payload)

        def deliver() -> None:
            req = urllib.request.Request(
                url,
                data=payload.encode(),
                headers={"Content-Type": "application/json", "Stripe-Signature": header},
            )
            # Stripe retries; the return page completes the session anyway.
            with contextlib.suppress(OSError):
                urllib.request.urlopen(req, timeout=10).read()

        threading.Thread(target=deliver, daemon=True).start()

    def page_get(self, path: str) -> tuple[int, str, str | None]:
        with self.lock:
            parts = path.rstrip("/").split("/")
            cs = self.objects.get(parts[2]) if len(parts) > 2 else None
            if cs is None or cs.get("object") != "checkout.session":
                return 404, _html("Not found", "<p>No such checkout session.</p>"), None
            if len(parts) > 3 and parts[3] == "3ds":
                return 200, self._challenge_html(cs), None
            return 200, self._checkout_html(cs), None

    def page_post(self, path: str, form: dict[str, Any]) -> tuple[int, str, str | None]:
        with self.lock:
            return self._page_post(path, form)

    def _page_post(self, path: str, form: dict[str, Any]) -> tuple[int, str, str | None]:
        parts = path.split("?")[0].rstrip("/").split("/")
        cs = self.objects.get(parts[2]) if len(parts) > 2 else None
        if cs is None or cs.get("object") != "checkout.session":
            return 404, _html("Not found", "<p>No such checkout session.</p>"), None
        if cs["status"] != "open":
            return 200, self._checkout_html(cs, error=f"This session is {cs['status']}."), None
        if len(parts) > 3 and parts[3] == "3ds":
            return self._challenge_answer(cs, form.get("action") == "complete")
        number = "".join(ch for ch in str(form.get("cardnumber") or "") if ch.isdigit())
        if len(number) < 12:
            return 200, self._checkout_html(cs, error="Your card number is incomplete."), None
        pm = self._card(number, None)
        if cs["mode"] == "setup":
            si = self._setup_intent_for(cs)
            si["payment_method"] = pm["id"]
        else:
            pi = self._payment_intent_for(cs)
            pi["payment_method"] = pm["id"]
        if pm["_behaviour"] == "decline":
            return self._fail(cs, DECLINED)
        if pm["_behaviour"] == "3ds":
            intent = self._intent(cs)
            intent["status"] = "requires_action"
            intent["next_action"] = {"type": "redirect_to_url"}
            return 303, "", f"{self.base}/pay/{cs['id']}/3ds"
        return self._succeed(cs)

    def _intent(self, cs: dict[str, Any]) -> dict[str, Any]:
        return self.objects[cs["setup_intent"] if cs["mode"] == "setup" else cs["payment_intent"]]

    def _payment_intent_for(self, cs: dict[str, Any]) -> dict[str, Any]:
        # One PaymentIntent per session: a retry after a decline confirms it again.
        if cs["payment_intent"]:
            return self.objects[cs["payment_intent"]]
        data = cs["_intent_data"]
        pi = self._new(
            "pi",
            object="payment_intent",
            amount=cs["amount_total"],
            amount_received=0,
            currency=cs["currency"],
            customer=cs["customer"],
            payment_method=None,
            status="requires_payment_method",
            setup_future_usage=data.get("setup_future_usage"),
            metadata=data.get("metadata", {}),
            description=data.get("description"),
            last_payment_error=None,
        )
        cs["payment_intent"] = pi["id"]
        return pi

    def _setup_intent_for(self, cs: dict[str, Any]) -> dict[str, Any]:
        if cs["setup_intent"]:
            return self.objects[cs["setup_intent"]]
        si = self._new(
            "seti",
            object="setup_intent",
            customer=cs["customer"],
            status="requires_payment_method",
            payment_method=None,
            usage="off_session",
            metadata=cs["_setup_data"].get("metadata", {}),
            last_setup_error=None,
        )
        cs["setup_intent"] = si["id"]
        return si

    def _fail(self, cs: dict[str, Any], error: dict[str, Any]) -> tuple[int, str, str | None]:
        intent = self._intent(cs)
        intent["status"] = "requires_payment_method"
        intent.pop("next_action", None)
        if cs["mode"] == "setup":
            intent["last_setup_error"] = dict(error)
            self._emit("setup_intent.setup_failed", intent)
        else:
            intent["last_payment_error"] = dict(error)
            self._emit("payment_intent.payment_failed", intent)
        return 200, self._checkout_html(cs, error=error["message"]), None

    def _succeed(self, cs: dict[str, Any]) -> tuple[int, str, str | None]:
        intent = self._intent(cs)
        intent.pop("next_action", None)
        pm = self.objects[intent["payment_method"]]
        intent["status"] = "succeeded"
        if cs["mode"] == "setup" or intent.get("setup_future_usage"):
            pm["customer"] = cs["customer"]  # the card is attached to the customer
        if cs["mode"] == "payment":
            intent["amount_received"] = intent["amount"]
            intent["last_payment_error"] = None
            cs["payment_status"] = "paid"
        else:
            intent["last_setup_error"] = None
        cs["status"] = "complete"
        self._emit("checkout.session.completed", cs)
        if cs["mode"] == "payment":
            self._emit("payment_intent.succeeded", intent)
        else:
            self._emit("setup_intent.succeeded", intent)
        return 303, "", cs["success_url"].replace("{CHECKOUT_SESSION_ID}", cs["id"])

    def _challenge_answer(self, cs: dict[str, Any], ok: bool) -> tuple[int, str, str | None]:
        intent = self._intent(cs)
        if intent.get("status") != "requires_action":
            return 200, self._checkout_html(cs), None
        return self._succeed(cs) if ok else self._fail(cs, AUTH_FAILED)

    def _checkout_html(self, cs: dict[str, Any], error: str = "") -> str:
        esc = html.escape
        if cs["mode"] == "payment":
            amount = f"{(cs['amount_total'] or 0) / 100:.2f} {str(cs['currency'] or '').upper()}"
            lines = "".join(
                f"<li>{esc(str(i.get('price_data', {}).get('product_data', {}).get('name', '')))}"
                "</li>"
                for i in cs["line_items_data"]
            )
            what = f"<p class='amount' id='amount'>{esc(amount)}</p><ul>{lines}</ul>"
            button = "Pay " + esc(amount)
        else:
            what = "<p>Save a card for future payments.</p>"
            button = "Save card"
        err = f"<p class='error' role='alert' id='error'>{esc(error)}</p>" if error else ""
        back = (
            f"<p><a id='back' href='{esc(cs['cancel_url'])}'>Back to the merchant</a></p>"
            if cs.get("cancel_url")
            else ""
        )
        form = (
            f"<form method='post' action='/pay/{esc(cs['id'])}'>"
            "<label for='cardnumber'>Card number</label>"
            "<input id='cardnumber' name='cardnumber' inputmode='numeric' "
            "autocomplete='cc-number' placeholder='4242 4242 4242 4242' required>"
            "<label for='exp'>Expiry (MM/YY)</label><input id='exp' name='exp' value='12/34'>"
            "<label for='cvc'>CVC</label><input id='cvc' name='cvc' value='123'>"
            f"<button type='submit'>{button}</button></form>"
            if cs["status"] == "open"
            else ""
        )
        cards = (
            "<p class='hint'>Test cards: 4242 4242 4242 4242 succeeds; "
            "4000 0025 0000 3155 asks for authentication; 4000 0000 0000 0002 is declined.</p>"
        )
        return _html("Checkout (fake Stripe)", what + err + form + cards + back)

    def _challenge_html(self, cs: dict[str, Any]) -> str:
        cid = html.escape(cs["id"])
        body = (
            "<p>Your bank asks you to confirm this payment (3-D Secure test page).</p>"
            f"<form method='post' action='/pay/{cid}/3ds'>"
            "<button type='submit' name='action' value='complete'>Complete authentication</button>"
            "<button type='submit' name='action' value='fail'>Fail authentication</button>"
            "</form>"
        )
        return _html("Authentication (fake Stripe)", body)


def _html(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
        "label{display:block;margin-top:.8rem}input{width:100%;padding:.4rem;font-size:1rem}"
        "button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem;margin-right:.5rem}"
        ".error{color:#b00020;font-weight:bold}.amount{font-size:1.6rem}.hint{color:#555}"
        f"</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
