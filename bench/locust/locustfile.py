"""The mixed workload of ``bench/bench_load.py`` (issue #15, point 7), for Locust.

A day of cambill in miniature, against a running server: subscribers read their
usage report and invoices in the portal, cloud staff read their lists and
dashboards, integrations read the API with tokens and change cameras' tariffs,
pollers send CloudEvents batches of 100, and one user starts a bill run of a
closed month at the beginning (queued to the Celery worker) and follows it.

Every request is named by its kind (``portal:usage_report``, ``api:events`` ...)
so Locust's statistics come out per kind. The bench writes what the users need
(sessions, tokens, codes) to a JSON file named by ``CAMBILL_LOAD_CONFIG``; run it
through the bench, or by hand against a server it prepared:

    CAMBILL_LOAD_CONFIG=var/bench_load/config.json .venv/bin/locust \\
        -f bench/locust/locustfile.py --headless -u 40 -r 10 -t 60s --host http://127.0.0.1:PORT

Each user paces itself at ``CAMBILL_LOAD_RATE`` requests per second (Locust's
``constant_throughput``), so users x rate is the offered load; a server that
cannot keep up shows it as lower throughput and longer latencies.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from datetime import UTC, datetime
from typing import Any

from locust import constant_throughput, task
from locust.contrib.fasthttp import FastHttpUser

CONFIG: dict[str, Any] = json.loads(
    open(os.environ["CAMBILL_LOAD_CONFIG"], encoding="utf-8").read()  # noqa: SIM115
)
RATE = float(os.environ.get("CAMBILL_LOAD_RATE", CONFIG.get("rate", 2.5)))
CLOUDS: list[dict[str, Any]] = CONFIG["clouds"]
# Bigger clouds see more traffic: pick a cloud in proportion to its cameras.
CLOUD_WEIGHTS = [max(1, len(c["cameras"])) for c in CLOUDS]
_event_ids = itertools.count()


def pick_cloud() -> dict[str, Any]:
    return random.choices(CLOUDS, weights=CLOUD_WEIGHTS)[0]


def why(r: Any) -> str:
    """A failed answer in one line: its status and body, or the client's error (a timeout)."""
    error = getattr(r, "error", None)
    if not r.status_code and error:
        return f"no answer: {error!r}"
    return f"{r.status_code}: {(r.text or '')[:200]}"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class CambillUser(FastHttpUser):
    abstract = True
    wait_time = constant_throughput(RATE)
    # Connections are not shared between users: each keeps its own, as browsers do.
    network_timeout = 60.0
    connection_timeout = 60.0

    def get(self, url: str, name: str, **kw: Any) -> None:
        with self.client.get(url, name=name, catch_response=True, **kw) as r:
            if r.status_code != 200:
                r.failure(why(r))

    def post_json(self, url: str, name: str, body: Any, expect: int, **kw: Any) -> Any:
        with self.client.post(url, name=name, json=body, catch_response=True, **kw) as r:
            if r.status_code != expect:
                r.failure(why(r))
                return None
            return r


class Subscriber(CambillUser):
    """A subscriber in the portal: its usage report, its invoices, its cameras."""

    weight = 4

    def on_start(self) -> None:
        self.cloud = pick_cloud()
        self.me = random.choice(self.cloud["subscribers"])
        self.cookies = {"sessionid": self.me["session"]}
        self.base = f"/clouds/{self.cloud['slug']}"

    @task(3)
    def usage_report(self) -> None:
        self.get(f"{self.base}/reports/usage/", "portal:usage_report", cookies=self.cookies)

    @task(3)
    def invoices(self) -> None:
        self.get(f"{self.base}/invoices/", "portal:invoices", cookies=self.cookies)

    @task(2)
    def invoice(self) -> None:
        if self.me["invoices"]:
            pk = random.choice(self.me["invoices"])
            self.get(f"{self.base}/invoices/{pk}/", "portal:invoice", cookies=self.cookies)

    @task(2)
    def cameras(self) -> None:
        self.get(f"{self.base}/cameras/", "portal:cameras", cookies=self.cookies)


class CloudStaff(CambillUser):
    """A cloud admin (and now and then the provider admin) in the portal."""

    weight = 3

    def on_start(self) -> None:
        self.cloud = pick_cloud()
        self.cookies = {"sessionid": self.cloud["admin_session"]}
        self.base = f"/clouds/{self.cloud['slug']}"

    @task(3)
    def accounts(self) -> None:
        self.get(f"{self.base}/accounts/", "portal:accounts", cookies=self.cookies)

    @task(2)
    def account(self) -> None:
        code = random.choice(self.cloud["accounts"])
        self.get(f"{self.base}/accounts/{code}/", "portal:account", cookies=self.cookies)

    @task(3)
    def cameras(self) -> None:
        self.get(f"{self.base}/cameras/", "portal:cameras", cookies=self.cookies)

    @task(2)
    def invoices(self) -> None:
        self.get(f"{self.base}/invoices/", "portal:invoices", cookies=self.cookies)

    @task(2)
    def dashboard(self) -> None:
        self.get(f"{self.base}/dashboard/", "portal:cloud_dashboard", cookies=self.cookies)

    @task(1)
    def provider_dashboard(self) -> None:
        cookies = {"sessionid": CONFIG["provider_session"]}
        self.get("/dashboard/", "portal:provider_dashboard", cookies=cookies)


class Integration(CambillUser):
    """An operator's system on the API (a cloud admin's token): reads, tariff changes."""

    weight = 4

    def on_start(self) -> None:
        self.cloud = pick_cloud()
        self.headers = {"Authorization": f"Bearer {self.cloud['token']}"}
        self.base = f"/api/v1/clouds/{self.cloud['slug']}"

    @task(3)
    def accounts(self) -> None:
        page = random.randint(1, max(1, len(self.cloud["accounts"]) // 50))
        self.get(f"{self.base}/accounts/?page={page}", "api:accounts", headers=self.headers)

    @task(3)
    def cameras(self) -> None:
        page = random.randint(1, max(1, len(self.cloud["cameras"]) // 50))
        self.get(f"{self.base}/cameras/?page={page}", "api:cameras", headers=self.headers)

    @task(2)
    def invoices(self) -> None:
        self.get(f"{self.base}/invoices/", "api:invoices", headers=self.headers)

    @task(2)
    def usage_report(self) -> None:
        code = random.choice(self.cloud["accounts"])
        month = CONFIG["report_month"]
        url = f"{self.base}/reports/usage/?from={month['from']}&to={month['to']}&account={code}"
        self.get(url, "api:usage_report", headers=self.headers)

    @task(1)
    def tariff_change(self) -> None:
        code = random.choice(self.cloud["cameras"])
        tariff = random.choice(self.cloud["tariffs"])
        self.post_json(
            f"{self.base}/cameras/{code}/tariff-changes/",
            "api:tariff_change",
            {"tariff": tariff, "at": now_iso()},
            201,
            headers=self.headers,
        )


class Poller(CambillUser):
    """A usage poller: CloudEvents batches of 100 samples of the cloud's cameras."""

    weight = 1

    def on_start(self) -> None:
        self.cloud = pick_cloud()
        self.headers = {
            "Authorization": f"Bearer {self.cloud['token']}",
            "Content-Type": "application/cloudevents-batch+json",
        }

    @task
    def events(self) -> None:
        t = now_iso()
        cams = random.sample(self.cloud["cameras"], min(100, len(self.cloud["cameras"])))
        batch = [
            {
                "specversion": "1.0",
                "id": f"load-{os.getpid()}-{next(_event_ids)}",
                "source": "bench-load",
                "type": "watcher.stream.stats",
                "subject": cam,
                "time": t,
                "data": {
                    "archive_bytes": random.randint(10**9, 10**11),
                    "recorded_seconds": 60,
                },
            }
            for cam in cams
        ]
        with self.client.post(
            "/api/v1/events",
            name="api:events",
            data=json.dumps(batch),
            headers=self.headers,
            catch_response=True,
        ) as r:
            if r.status_code not in (200, 202, 204):
                r.failure(why(r))


class BillRunner(CambillUser):
    """One user: starts the bill run of a closed month at the beginning, then follows it."""

    fixed_count = 1
    wait_time = constant_throughput(0.2)

    def on_start(self) -> None:
        run = CONFIG["bill_run"]
        self.headers = {"Authorization": f"Bearer {run['token']}"}
        self.base = f"/api/v1/clouds/{run['cloud']}/bill-runs"
        self.started = time.monotonic()
        self.done = False
        r = self.post_json(
            f"{self.base}/",
            "api:bill_run_start",
            {"period": run["period"]},
            201,
            headers=self.headers,
        )
        self.run_id = r.json()["id"] if r is not None else None

    @task
    def follow(self) -> None:
        if self.run_id is None:
            return
        url = f"{self.base}/{self.run_id}/"
        with self.client.get(
            url, name="api:bill_run_status", headers=self.headers, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(why(r))
                return
            status = r.json()["status"]
        if not self.done and status in ("completed", "failed"):
            # Seen done at most one poll (5 s) after it finished: the bench prints it.
            self.done = True
            result = {"status": status, "seconds": time.monotonic() - self.started}
            with open(CONFIG["bill_run"]["result"], "w", encoding="utf-8") as f:
                json.dump(result, f)
