"""``cambill demo-serve [addr:port]``: the whole demo in one process.

* the fake Flussonic Watcher of every demo cloud (the hub file written by
  ``cambill demo-data``, served on its recorded address, 127.0.0.1:8081 by
  default), its archives growing with the wall clock and, every few minutes,
  a subscriber adding a camera in Watcher;
* the beat schedule in a thread (``cambill.schedule.InProcessBeat``) with the
  demo's intervals: poll every minute, push every 30 s, import every 2 min,
  rollup upkeep every 5 min (plus bill runs, dunning and webhooks as usual);
* a local SMTP sink (127.0.0.1:8025, ``cambill_sandbox.smtp_sink``) that the e-mail
  outbox delivers to, so the outbox page shows what was sent; the messages are
  also kept as ``var/demo-mail/*.eml``;
* the fake Stripe (127.0.0.1:8027, ``cambill_sandbox.fake_stripe``) that the Stripe
  adapter talks to: "Pay now" and saved cards in the portal open its hosted
  checkout page (test cards 4242 4242 4242 4242, 4000 0025 0000 3155 with 3-D
  Secure, 4000 0000 0000 0002 declined), and its webhooks come back signed with
  each cloud's secret; the provider's Stripe (clouds paying wholesale by card)
  is the same fake;
* Django's development server in the foreground.

One process means one Ctrl-C (or SIGTERM) stops all three, and nothing is
left listening on the Watcher port. The fake Watcher's cameras are written
back to the hub file on the way out, so the next start goes on from there.
"""

from __future__ import annotations

import json
import signal
from typing import Any
from urllib.parse import urlsplit

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Serve the demo: web server, the demo clouds' fake Watcher and the background schedule "
        "in one process (run `cambill demo-data` first). Ctrl-C stops everything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--watcher-state", metavar="FILE", help="hub file (default var/demo-watcher.json)"
        )
        parser.add_argument("--no-watcher", action="store_true", help="do not run the fake Watcher")
        parser.add_argument("--no-schedule", action="store_true", help="do not run the schedule")
        parser.add_argument(
            "--smtp-port", type=int, default=8025, help="port of the local SMTP sink (default 8025)"
        )
        parser.add_argument("--no-smtp", action="store_true", help="do not run the SMTP sink")
        parser.add_argument(
            "--stripe-port", type=int, default=8027, help="port of the fake Stripe (default 8027)"
        )
        parser.add_argument("--no-stripe", action="store_true", help="do not run the fake Stripe")
        parser.add_argument(
            "--new-camera-every",
            type=float,
            default=180.0,
            metavar="SECONDS",
            help="a subscriber adds a camera in Watcher this often (0: never; default 180)",
        )
        parser.add_argument(
            "--every",
            action="append",
            default=[],
            metavar="NAME=SECONDS",
            help="override a schedule interval (e.g. watcher-poll=30)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from pathlib import Path

        from cambill.schedule import DEMO_INTERVALS, InProcessBeat
        from cambill.watcher.management.commands.run_schedule import parse_intervals
        from cambill_sandbox.demo.watcher import WATCHER_PASSWORD, WATCHER_USER, state_path
        from cambill_sandbox.fake_watcher.server import FakeWatcherHub

        hub = None
        path = Path(opts["watcher_state"]) if opts["watcher_state"] else state_path()
        if not opts["no_watcher"]:
            if not path.exists():
                self.stderr.write(
                    f"No fake Watcher file at {path}: run `cambill demo-data --reset` first "
                    "(serving without Watcher)."
                )
            else:
                url = json.loads(path.read_text(encoding="utf-8")).get("url") or ""
                where = urlsplit(url or "http://127.0.0.1:8081")
                hub = FakeWatcherHub(
                    where.hostname or "127.0.0.1",
                    where.port or 8081,
                    WATCHER_USER,
                    WATCHER_PASSWORD,
                )
                hub.load(path)
                try:
                    hub.start()
                except OSError as exc:
                    raise CommandError(
                        f"The fake Watcher cannot listen on {where.netloc} ({exc}). Stop what "
                        "uses that port, or rebuild the demo on another one: "
                        "`make demo WATCHER_PORT=8091`."
                    ) from None
                hub.start_ticker(1.0, 1.0, new_stream_every=opts["new_camera_every"])
                self.stdout.write(f"Fake Watcher on {hub.url}, one per cloud:")
                for name in sorted(n for n in hub.tenants if n):
                    counts = hub.tenants[name].state.snapshot_counts()
                    self.stdout.write(
                        f"  {hub.url_for(name)}  ({counts['streams']} streams, "
                        f"{counts['organizations'] - 1} organizations)"
                    )
        sink = None
        if not opts["no_smtp"]:
            from django.conf import settings

            from cambill_sandbox.smtp_sink import SmtpSink

            folder = Path(settings.VAR_DIR) / "demo-mail"
            sink = SmtpSink("127.0.0.1", opts["smtp_port"], folder)
            try:
                sink.start()
            except (OSError, RuntimeError) as exc:
                raise CommandError(
                    f"The SMTP sink cannot listen on 127.0.0.1:{opts['smtp_port']} ({exc}); "
                    "use --smtp-port or --no-smtp."
                ) from None
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", opts["smtp_port"]
            settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
            settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
            self.stdout.write(
                f"SMTP sink on 127.0.0.1:{opts['smtp_port']}: the e-mail outbox delivers there "
                f"(copies in {folder}/)."
            )
        stripe = None if opts["no_stripe"] else self._fake_stripe(opts)
        beat_thread = stop = None
        if not opts["no_schedule"]:
            intervals = {**DEMO_INTERVALS, **parse_intervals(opts["every"])}
            beat = InProcessBeat(intervals=intervals, log=self.stdout.write)
            plan = ", ".join(
                f"{e.name} every {e.every:g} s" for e in beat.entries.values() if e.every
            )
            self.stdout.write(f"Schedule in-process: {plan}; the rest at their cron times.")
            beat_thread, stop = beat.start()
        # SIGTERM ends the web server like Ctrl-C, so the clean-up below runs.
        signal.signal(signal.SIGTERM, lambda *_: _interrupt())
        try:
            call_command("runserver", opts["addrport"], use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            if stop is not None and beat_thread is not None:
                self.stdout.write("Stopping the schedule (a running job finishes first)...")
                stop.set()
                beat_thread.join(timeout=120)
            if sink is not None:
                sink.stop()
            if stripe is not None:
                stripe.stop()
            if hub is not None:
                hub.stop()
                hub.save(path)
                self.stdout.write(f"Fake Watcher stopped; its cameras are saved in {path}.")

    def _fake_stripe(self, opts: dict[str, Any]) -> Any:
        """Start the fake Stripe and point the Stripe adapter (the clouds' gateways and
        the provider's own account) at it; its webhooks go to this server's endpoint."""
        from django.conf import settings

        from cambill.payments.gateways.config import provider_stripe_config
        from cambill.payments.models import GatewayConfig, GatewayKind
        from cambill_sandbox.fake_stripe import FakeStripe

        try:
            fake = FakeStripe("127.0.0.1", opts["stripe_port"]).start()
        except OSError as exc:
            raise CommandError(
                f"The fake Stripe cannot listen on 127.0.0.1:{opts['stripe_port']} ({exc}); "
                "use --stripe-port or --no-stripe."
            ) from None
        settings.STRIPE_API_BASE = fake.base
        # The provider's Stripe: the account its admin saved (the demo data saves
        # one), else the settings, else the demo's own test keys.
        if provider_stripe_config() is None:
            settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_demo_provider"
            settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = "whsec_demo_provider"
        provider_cfg = provider_stripe_config()
        provider = provider_cfg.webhook_secret if provider_cfg is not None else ""
        secrets = dict(
            GatewayConfig.objects.filter(kind=GatewayKind.STRIPE, cloud__isnull=False).values_list(
                "cloud_id", "webhook_secret"
            )
        )

        def secret_for(obj: dict[str, Any]) -> str:
            meta = obj.get("metadata") or {}
            if meta.get("cambill_checkout") == "wholesale":
                return str(provider)
            try:
                return secrets.get(int(str(meta.get("cloud_id"))), provider) or provider
            except (TypeError, ValueError):
                return str(provider)

        fake.secret_for = secret_for
        host, _, port = opts["addrport"].rpartition(":")
        address = host if host not in ("", "0.0.0.0") else "127.0.0.1"
        fake.webhook_url = f"http://{address}:{port}/api/v1/stripe/webhook"
        self.stdout.write(
            f"Fake Stripe on {fake.base}: the portal's card payments open its checkout page "
            "(4242 4242 4242 4242 pays, 4000 0025 0000 3155 asks for 3-D Secure, "
            "4000 0000 0000 0002 is declined); webhooks to " + fake.webhook_url
        )
        return fake


def _interrupt() -> None:
    raise KeyboardInterrupt
