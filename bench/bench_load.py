"""Load test (issue #15, point 7): Locust drives a mixed workload against gunicorn.

What a day of cambill looks like, compressed: subscribers reading their usage
report and invoices in the portal, cloud staff reading lists and dashboards,
integrations reading the API with tokens and changing cameras' tariffs, pollers
posting CloudEvents batches of 100, and a bill run of a closed month started
through the API at the beginning and run by a Celery worker (Redis db 6) in the
background while the rest goes on. The workload is ``bench/locust/locustfile.py``
(Locust, headless, as a subprocess); the server is ``gunicorn cambill.wsgi`` on a
free port with ``--workers`` processes (default 2 per core) on PostgreSQL.

The data: the database ``cambill_bench_load`` on the server ``DATABASE_URL`` names
(default postgres://postgres@127.0.0.1:5432), created, migrated and filled by
``cambill demo-data --fast`` (4 clouds, 1,000 accounts, 6,000 cameras, 2 months of
history with their issued invoices) when it is empty or with ``--fresh``; later
runs reuse it. Each run makes fresh sessions and API tokens for the users it plays.

The API's rate limits (CAMBILL_API_RATE_TOKEN / _ADDRESS, 6000/min per token by
default) are lifted for the server under test: the whole load comes from a few
tokens on one address, which production would throttle by design.

Prints throughput (overall and per kind), p50/p95/p99 latency per kind, the
failures (there must be none), the machine, and the target beside the figures:

    .venv/bin/python bench/bench_load.py                 # 120 s, the issue's figure
    .venv/bin/python bench/bench_load.py --seconds 30    # while developing
    options: --seconds 120 --users 48 --rate 2.5 (requests/s per user) --workers N
             --threads 1 --fresh --clouds 4 --accounts 1000 --cameras 6000 --in-process
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RPS = 100.0
TARGET_P95_MS = 200.0
TARGET = (
    f"target: >= {TARGET_RPS:.0f} requests/s with p95 < {TARGET_P95_MS:.0f} ms and no error, "
    "on this 2-core machine"
)
DB_NAME = "cambill_bench_load"
REDIS_URL = "redis://127.0.0.1:6379/6"
OUT = ROOT / "var" / "bench_load"
# Lifted for the server under test (see the module's docstring); said in the output.
NO_LIMITS = {"CAMBILL_API_RATE_TOKEN": "1000000/s", "CAMBILL_API_RATE_ADDRESS": "1000000/s"}


def bench_url(name: str) -> str:
    url = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_load needs PostgreSQL: set DATABASE_URL=postgres://...")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def ensure_database(url: str, name: str, fresh: bool) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def server_env(url: str, in_process: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cambill.settings",
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": "600",
        "CAMBILL_REQUIRE_2FA_FOR_STAFF": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
        **NO_LIMITS,
    }
    if in_process:
        env.pop("CELERY_BROKER_URL", None)
    else:
        env["CELERY_BROKER_URL"] = REDIS_URL
        env["CELERY_RESULT_BACKEND"] = REDIS_URL
    return env


def seed(url: str, args: argparse.Namespace) -> None:
    """Migrate; fill with the demo when the database holds no cloud yet."""
    env = server_env(url, in_process=True)
    cambill = str(Path(sys.executable).with_name("cambill"))
    subprocess.run([cambill, "migrate", "--noinput", "-v0"], env=env, check=True)
    import psycopg

    with psycopg.connect(url) as conn:
        clouds = conn.execute("SELECT count(*) FROM clouds_cloud").fetchone()[0]
    if clouds:
        return
    print(
        f"seeding {urlsplit(url).path[1:]}: cambill demo-data --fast --clouds {args.clouds} "
        f"--accounts {args.accounts} --cameras {args.cameras} --months 2 (once; a few minutes)",
        flush=True,
    )
    t0 = time.perf_counter()
    subprocess.run(
        [
            cambill,
            "demo-data",
            "--fast",
            "--clouds",
            str(args.clouds),
            "--accounts",
            str(args.accounts),
            "--cameras",
            str(args.cameras),
            "--months",
            "2",
            "--seed",
            "1",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"seeded in {time.perf_counter() - t0:.0f} s", flush=True)


def prepare(url: str, rate: float) -> tuple[dict, dict]:
    """Sessions, tokens and codes for the Locust users; returns (config, facts)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from cambill.accounts.models import ApiToken, User
    from cambill.accounts.services import api_token_create
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud, Membership
    from cambill.core.access import SYSTEM
    from cambill.core.periods import Period
    from cambill.invoicing.models import BillRun, Invoice
    from cambill.usage.models import UsageEvent

    def session(user: User) -> str:
        c = Client()
        c.force_login(user)
        return c.cookies["sessionid"].value

    from cambill.watcher.models import WatcherConnection

    ApiToken.objects.filter(name="bench-load").delete()
    # No Watcher runs beside the bench: without this every tariff change would queue a
    # push that the worker retries against a closed port (the demo's clouds name one).
    WatcherConnection.objects.update(enabled=False)
    now = datetime.now(UTC)
    clouds = []
    for cloud in Cloud.objects.annotate(n=Count("cameras")).filter(n__gt=0).order_by("-n"):
        admin = User.objects.filter(
            role="cloud_admin", is_active=True, membership__cloud=cloud
        ).first()
        if admin is None:
            continue
        _, token = api_token_create(actor=SYSTEM, user=admin, name="bench-load")
        open_periods = CameraTariffPeriod.objects.filter(cloud=cloud, valid_to__isnull=True)
        cameras = [
            quote(c, safe="")
            for c in open_periods.values_list("camera__code", flat=True).distinct()
        ]
        tariffs = sorted(set(open_periods.values_list("tariff__code", flat=True)))
        subscribers = []
        for m in Membership.objects.filter(
            cloud=cloud, user__role="subscriber", user__is_active=True, account__isnull=False
        ).select_related("user")[:20]:
            invoices = list(
                Invoice.objects.filter(account_id=m.account_id, status__in=["issued", "paid"])
                .order_by("-pk")
                .values_list("pk", flat=True)[:6]
            )
            subscribers.append({"session": session(m.user), "invoices": invoices})
        clouds.append(
            {
                "slug": cloud.slug,
                "token": token,
                "admin_session": session(admin),
                "accounts": [
                    quote(a, safe="")
                    for a in Account.objects.filter(cloud=cloud).values_list("code", flat=True)
                ],
                "cameras": cameras,
                "tariffs": tariffs,
                "subscribers": subscribers,
            }
        )
    clouds = [c for c in clouds if c["subscribers"] and c["cameras"] and c["tariffs"]]
    if not clouds:
        sys.exit("bench_load: the database has no cloud with subscribers, cameras and tariffs")
    provider = User.objects.filter(role="provider_admin", is_active=True).first()
    biggest = Cloud.objects.get(slug=clouds[0]["slug"])
    last = Period.containing(now, biggest.timezone).previous()
    report_month = {
        "from": last.first_day.isoformat(),
        "to": (last.next_first_day - timedelta(days=1)).isoformat(),
    }
    # The bill run: the last closed month of the biggest cloud, billed again (a rerun:
    # every account rated anew, drafts regenerated, issued invoices left as they are).
    config = {
        "rate": rate,
        "clouds": clouds,
        "provider_session": session(provider),
        "report_month": report_month,
        "bill_run": {
            "cloud": biggest.slug,
            "period": last.key,
            "token": clouds[0]["token"],
            "result": str(OUT / "bill_run.json"),
        },
    }
    facts = {
        "clouds": Cloud.objects.count(),
        "accounts": Account.objects.count(),
        "cameras": Camera.objects.count(),
        "tariff_periods": CameraTariffPeriod.objects.count(),
        "invoices": Invoice.objects.count(),
        "usage_events": UsageEvent.objects.count(),
        "bill_run_before": BillRun.objects.filter(cloud=biggest, period=last.key).first(),
    }
    from django.db import connections

    connections.close_all()
    return config, facts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(port: int, proc: subprocess.Popen[bytes], seconds: float = 90) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login/", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer within {seconds:.0f} s")


def flush_redis_db() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def machine(url: str) -> list[str]:
    import psycopg

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with psycopg.connect(url) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    from importlib.metadata import version

    return [
        f"machine: {os.cpu_count()} cores, {cpu}",
        f"python {platform.python_version()}, PostgreSQL {pg}, Locust {version('locust')}",
    ]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return out


def db_backends(url: str) -> list[int]:
    """The server processes serving the bench's database (other than this query's)."""
    import psycopg

    with psycopg.connect(url) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
        ]


def cpu_snapshot(url: str, gunicorn: int, worker: int | None) -> dict[str, dict[int, float]]:
    """CPU so far of the web workers, the database backends and the Celery worker."""
    celery = [worker, *children(worker)] if worker else []
    return {
        "web": {p: cpu_seconds(p) for p in [gunicorn, *children(gunicorn)]},
        "db": {p: cpu_seconds(p) for p in db_backends(url)},
        "worker": {p: cpu_seconds(p) for p in celery},
    }


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict:
    return {
        k: sum(v - before[k].get(p, 0.0) for p, v in after[k].items()) for k in ("web", "db")
    } | {"worker": sum(after["worker"].values()) - sum(before["worker"].values())}


def read_stats(prefix: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        stats = list(csv.DictReader(f))
    failures: list[dict[str, str]] = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as f:
            failures = list(csv.DictReader(f))
    return stats, failures


def num(row: dict[str, str], key: str) -> float:
    value = row.get(key) or "0"
    return 0.0 if value == "N/A" else float(value)


def bill_run_after(url: str, cloud: str, period: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT r.status, r.accounts_total, r.accounts_done, r.invoices_updated "
            "FROM invoicing_billrun r JOIN clouds_cloud c ON c.id = r.cloud_id "
            "WHERE c.slug = %s AND r.period = %s",
            [cloud, period],
        ).fetchone()
    if row is None:
        return f"bill run {cloud} {period}: not found"
    status, total, done, updated = row
    seen = OUT / "bill_run.json"
    took = ""
    if seen.exists():
        took = f", seen done {json.loads(seen.read_text())['seconds']:.0f} s after its start"
    return (
        f"bill run {cloud} {period} (a rerun of the last closed month: every account rated "
        f"again, issued invoices untouched): {status}, {done}/{total} accounts, "
        f"{updated} drafts regenerated{took}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=120, help="length of the run (default 120)")
    ap.add_argument("--users", type=int, default=48, help="Locust users (default 48)")
    ap.add_argument(
        "--rate", type=float, default=2.5, help="requests/s each user aims at (default 2.5)"
    )
    ap.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    ap.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    ap.add_argument("--fresh", action="store_true", help="drop the database and seed it again")
    ap.add_argument("--database", default=DB_NAME, help=f"database name (default {DB_NAME})")
    ap.add_argument("--clouds", type=int, default=4)
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--cameras", type=int, default=6000)
    ap.add_argument(
        "--in-process",
        action="store_true",
        help="no Celery worker: the bill run runs inside its API request (embedded default)",
    )
    args = ap.parse_args()

    url = bench_url(args.database)
    ensure_database(url, args.database, args.fresh)
    seed(url, args)
    config, facts = prepare(url, args.rate)
    OUT.mkdir(parents=True, exist_ok=True)
    config_path = OUT / "config.json"
    config_path.write_text(json.dumps(config))
    for old in [*OUT.glob("load_*.csv"), OUT / "bill_run.json"]:
        old.unlink(missing_ok=True)

    env = server_env(url, args.in_process)
    port = free_port()
    bindir = Path(sys.executable).parent
    gunicorn = subprocess.Popen(
        [
            str(bindir / "gunicorn"),
            "cambill.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    worker = None
    try:
        if not args.in_process:
            flush_redis_db()
            worker = subprocess.Popen(
                [
                    str(bindir / "celery"),
                    "-A",
                    "cambill",
                    "worker",
                    "-c",
                    "1",
                    "-l",
                    "WARNING",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    f"bench-load-{os.getpid()}@%h",
                ],
                env=env,
                cwd=ROOT,
            )
        wait_http(port, gunicorn)
        load_before = os.getloadavg()
        cpu_before = cpu_snapshot(url, gunicorn.pid, worker.pid if worker else None)
        prefix = OUT / "load"
        locust_env = {**os.environ, "CAMBILL_LOAD_CONFIG": str(config_path)}
        print(
            f"running Locust for {args.seconds} s: {args.users} users x {args.rate} req/s "
            f"against gunicorn ({args.workers} workers x {args.threads} threads) on :{port}",
            flush=True,
        )
        t0 = time.perf_counter()
        log = open(OUT / "locust.log", "w", encoding="utf-8")  # noqa: SIM115
        subprocess.run(
            [
                str(bindir / "locust"),
                "-f",
                str(ROOT / "bench" / "locust" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.seconds}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            env=locust_env,
            cwd=ROOT,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        elapsed = time.perf_counter() - t0
        load_after = os.getloadavg()
        # Before the server stops: its workers and their database backends are still there.
        cpu = cpu_used(cpu_before, cpu_snapshot(url, gunicorn.pid, worker.pid if worker else None))
        if worker is not None:
            # Let the bill run finish (it started at the beginning) before reading it.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not (OUT / "bill_run.json").exists():
                if ": completed," in bill_run_after(
                    url, config["bill_run"]["cloud"], config["bill_run"]["period"]
                ) or ": failed," in bill_run_after(
                    url, config["bill_run"]["cloud"], config["bill_run"]["period"]
                ):
                    break
                time.sleep(1)
    finally:
        stop(gunicorn)
        stop(worker)

    stats, failures = read_stats(prefix)
    rows = [r for r in stats if r["Name"] != "Aggregated"]
    total = next(r for r in stats if r["Name"] == "Aggregated")
    print()
    print(
        f"data: {facts['clouds']} clouds, {facts['accounts']:,} accounts, "
        f"{facts['cameras']:,} cameras, {facts['tariff_periods']:,} tariff periods, "
        f"{facts['invoices']:,} invoices, {facts['usage_events']:,} usage events before the run"
    )
    print(
        f"server: gunicorn cambill.wsgi, {args.workers} workers x {args.threads} threads, "
        f"PostgreSQL; bill run by "
        + (
            "the API request itself (in-process)"
            if args.in_process
            else "a Celery worker on " + REDIS_URL
        )
    )
    print("Watcher connections disabled in the bench's database (no Watcher beside it)")
    print(
        "rate limits lifted for the server under test: "
        + ", ".join(f"{k}={v}" for k, v in NO_LIMITS.items())
    )
    print(
        f"load: {args.users} Locust users x {args.rate} req/s offered for {args.seconds} s "
        f"({elapsed:.0f} s with start and stop)"
    )
    print()
    header = f"{'kind':<26} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for r in sorted(rows, key=lambda r: -num(r, "Request Count")):
        print(
            f"{r['Name']:<26} {int(num(r, 'Request Count')):>9} {num(r, 'Requests/s'):>7.1f} "
            f"{num(r, '50%'):>7.0f} {num(r, '95%'):>7.0f} {num(r, '99%'):>7.0f} "
            f"{num(r, 'Max Response Time'):>7.0f} {int(num(r, 'Failure Count')):>6}"
        )
    print("-" * len(header))
    rps = num(total, "Requests/s")
    p95 = num(total, "95%")
    errors = int(num(total, "Failure Count"))
    print(
        f"{'all':<26} {int(num(total, 'Request Count')):>9} {rps:>7.1f} {num(total, '50%'):>7.0f} "
        f"{p95:>7.0f} {num(total, '99%'):>7.0f} {num(total, 'Max Response Time'):>7.0f} {errors:>6}"
    )
    if failures:
        print("\nfailures:")
        for f in failures:
            print(f"  {f['Occurrences']} x {f['Method']} {f['Name']}: {f['Error'][:300]}")
    slow = [r["Name"] for r in rows if num(r, "95%") >= TARGET_P95_MS]
    print()
    print(bill_run_after(url, config["bill_run"]["cloud"], config["bill_run"]["period"]))
    for line in machine(url):
        print(line)
    print(
        f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f} "
        "(other processes on the machine share its cores: the figures are pessimistic)"
    )
    requests = max(1, int(num(total, "Request Count")))
    per_request = (cpu["web"] + cpu["db"]) / requests
    print(
        f"CPU used during the run: web {cpu['web']:.1f} s, PostgreSQL {cpu['db']:.1f} s, "
        f"Celery worker {cpu['worker']:.1f} s; {per_request * 1000:.0f} ms of web + database "
        f"CPU per request, so {os.cpu_count()} idle cores would serve at most "
        f"~{(os.cpu_count() or 1) / per_request:.0f} req/s of this mix (Locust's own CPU aside)"
    )
    print(TARGET)
    print(
        f"  throughput {rps:.1f} req/s >= {TARGET_RPS:.0f}: {'PASS' if rps >= TARGET_RPS else 'FAIL'}"
    )
    print(
        f"  p95 {p95:.0f} ms < {TARGET_P95_MS:.0f} ms (all requests): "
        f"{'PASS' if p95 < TARGET_P95_MS else 'FAIL'}"
        + (f"  (kinds at or over it: {', '.join(slow)})" if slow else "")
    )
    print(f"  errors {errors} == 0: {'PASS' if errors == 0 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
