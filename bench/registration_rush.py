"""Benchmark: a registration rush over HTTP, on PostgreSQL and on SQLite (not a test).

For each database: a fresh database (PostgreSQL `pdportal_bench_rush`, dropped at the end;
SQLite a temporary file), the schema by `flask db upgrade`, educators seeded with
`flask seed-demo --educators N`, one free 25-seat workshop; the app served by gunicorn
(4 sync workers, a free 127.0.0.1 port, rate limits and CSRF off for the bench only);
every educator logged in (over HTTP, or `--login forge` to sign their session cookies
directly), then all released at once (threads + a barrier, one connection each) on
`POST /workshops/<slug>/register`; then the same educators at once on `GET /healthz`
(one `SELECT 1`), the floor any database-backed request starts from here.

Prints confirmed, waitlisted, overbooked (must be 0), whether the waitlist order is the
order the seat lock was granted (the id and created_at are both drawn under the lock),
registrations per second, CPU per registration, p50/p99 latency, the floor, and the
goal: registrations/s at least 0.4 of the floor's requests/s and p99 at most 3 times the
floor's p99 (issue 16), measured in the same run because the machine is shared.

Run: `.venv/bin/python bench/registration_rush.py [--database both|postgresql|sqlite]
[--educators 500] [--seats 25] [--workers 4] [--login http|forge]` (PostgreSQL at
BENCH_PG_DSN, default postgresql://postgres@127.0.0.1:5432/postgres). Figures: README.
"""

from __future__ import annotations

import os
import sys

# bench/calendar.py is named like the standard library's `calendar`: run as a script,
# this folder must not shadow it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from http.cookies import SimpleCookie  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import psycopg  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = ROOT / ".venv" / "bin"
ADMIN_DSN = os.environ.get("BENCH_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "pdportal_bench_rush"
PASSWORD = "bench-rush-password"
SLUG = "registration-rush"


def prepare_database(database: str) -> tuple[str, Callable[[], None]]:
    """A fresh, empty database: its URL, and how to remove it afterwards."""
    if database == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="pdportal-rush-"))
        return f"sqlite:///{folder / 'rush.db'}", lambda: shutil.rmtree(folder)
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    recreate_database()
    return f"{base}/{DB_NAME}", lambda: recreate_database(drop_only=True)


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


SECRET_KEY = secrets.token_hex(16)


def server_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "PDPORTAL_ENV": "development",
        "SECRET_KEY": SECRET_KEY,
        "PDPORTAL_RATELIMIT_ENABLED": "false",
        "PDPORTAL_WTF_CSRF_ENABLED": "false",
    }


def flask(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "pdportal", *args],
        cwd=ROOT,
        env=server_env(url),
        capture_output=True,
        text=True,
    )


def build_schema(url: str) -> str:
    if any((ROOT / "migrations" / "versions").glob("*.py")):
        done = flask(url, "db", "upgrade")
        if done.returncode != 0:
            raise SystemExit(f"flask db upgrade failed:\n{done.stderr}")
        return "flask db upgrade"
    from pdportal import create_app
    from pdportal.extensions import db

    with create_app({"SQLALCHEMY_DATABASE_URI": url}).app_context():
        db.create_all()
    return "create_all (no migration yet)"


def seed(url: str, educators: int, seats: int) -> tuple[int, list[str], str]:
    """Educators and the rush workshop; returns its id, the educators' emails, and how."""
    done = flask(url, "seed-demo", "--educators", str(educators), "--password", PASSWORD)
    how = "seed-demo" if done.returncode == 0 else "direct (seed-demo failed)"

    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from pdportal import create_app
    from pdportal.extensions import db
    from pdportal.models import Network, User, Workshop, WorkshopSession, WorkshopStatus

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            hashed = generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
            db.session.add_all(
                User(
                    email=f"educator{n}@demo.pdportal.org",
                    name=f"Educator {n}",
                    password_hash=hashed,
                    email_verified_at=datetime.now(UTC),
                )
                for n in range(1, educators + 1)
            )
            db.session.commit()
        network = db.session.scalar(select(Network).order_by(Network.id)) or Network(
            name="Bench network", slug="bench"
        )
        start = (datetime.now(UTC) + timedelta(days=21)).replace(microsecond=0)
        workshop = Workshop(
            network=network,
            slug=SLUG,
            title="Summer institute: the registration rush",
            capacity=seats,
            status=WorkshopStatus.PUBLISHED,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            sessions=[WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=6))],
        )
        db.session.add(workshop)
        db.session.commit()
        emails = [
            f"educator{n}@demo.pdportal.org"
            for n in range(1, educators + 1)
            if db.session.scalar(
                select(User.id).where(User.email == f"educator{n}@demo.pdportal.org")
            )
        ]
        return workshop.id, emails, how


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=server_env(url),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not come up")


def login(port: int, email: str) -> str:
    """Log in over HTTP; returns the session cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = urlencode({"email": email, "password": PASSWORD})
    connection.request(
        "POST",
        "/auth/login",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    cookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    if response.status != 302 or "session" not in cookie:
        raise SystemExit(f"login of {email} failed: HTTP {response.status}")
    return f"session={cookie['session'].value}"


def forged_cookies(url: str, emails: list[str]) -> list[str]:
    """Session cookies signed with the server's secret (skips 500 slow password hashes)."""
    from sqlalchemy import select

    from pdportal import create_app
    from pdportal.extensions import db
    from pdportal.models import User
    from pdportal.services import accounts

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        wanted = set(emails)
        tokens = {
            user.email: accounts.start_session(user, user_agent="bench").token
            for user in db.session.scalars(select(User))
            if user.email in wanted
        }
    return [
        "session=" + serializer.dumps({"_user_id": tokens[email], "_fresh": True})
        for email in emails
    ]


REGISTER = ("POST", f"/workshops/{SLUG}/register")
FLOOR = ("GET", "/healthz")  # one SELECT 1: what any database-backed request costs here


class Rusher(threading.Thread):
    """One educator: connect, wait at the barrier, send the request, time the answer."""

    def __init__(
        self, port: int, cookie: str, barrier: threading.Barrier, request: tuple[str, str]
    ) -> None:
        super().__init__()
        self.port, self.cookie, self.barrier, self.request = port, cookie, barrier, request
        self.latency = 0.0
        self.finished_at = 0.0
        self.status = 0

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.connect()
        headers = {"Cookie": self.cookie, "Content-Length": "0", "Connection": "keep-alive"}
        self.barrier.wait()
        started = time.perf_counter()
        connection.request(*self.request, headers=headers)
        response = connection.getresponse()
        response.read()
        self.finished_at = time.perf_counter()
        self.latency = self.finished_at - started
        self.status = response.status
        connection.close()


def rush(
    port: int, cookies: list[str], request: tuple[str, str] = REGISTER
) -> tuple[list[Rusher], float, float]:
    barrier = threading.Barrier(len(cookies) + 1)
    rushers = [Rusher(port, cookie, barrier, request) for cookie in cookies]
    for rusher in rushers:
        rusher.start()
    barrier.wait()
    released = time.perf_counter()
    for rusher in rushers:
        rusher.join()
    return rushers, released, max(r.finished_at for r in rushers)


def outcome(url: str, workshop_id: int, seats: int) -> dict[str, object]:
    from sqlalchemy import select

    from pdportal import create_app
    from pdportal.extensions import db
    from pdportal.models import Registration

    with create_app({"SQLALCHEMY_DATABASE_URI": url}).app_context():
        rows = db.session.execute(
            select(Registration.id, Registration.status, Registration.created_at)
            .where(Registration.workshop_id == workshop_id)
            .order_by(Registration.created_at, Registration.id)
        ).all()
        db.engine.dispose()
    statuses = [str(status) for _, status, _ in rows]
    confirmed = statuses.count("confirmed")
    waitlisted = statuses.count("waitlisted")
    ids = [row_id for row_id, _, _ in rows]
    in_order = (
        ids == sorted(ids)
        and statuses == ["confirmed"] * confirmed + ["waitlisted"] * waitlisted
        and confirmed == min(seats, len(rows))
    )
    span = (rows[-1][2] - rows[0][2]).total_seconds() if len(rows) > 1 else 0.0
    return {
        "registrations": len(rows),
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "overbooked": max(0, confirmed + statuses.count("held") - seats),
        "in_order": in_order,
        "lock_rate": (len(rows) - 1) / span if span else float("inf"),
    }


def worker_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of gunicorn's workers so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent not idle so far, over all cores (Linux /proc)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


GOAL_RATIO = 0.4  # registrations/s at least this share of the floor's requests/s
GOAL_P99_FACTOR = 3  # p99 at most this many times the floor's p99


def run_once(database: str, args: argparse.Namespace) -> bool:
    """One rush and its floor on one database; prints the figures; True if the goal is met."""
    url, drop = prepare_database(database)
    server = None
    try:
        schema = build_schema(url)
        workshop_id, emails, how = seed(url, args.educators, args.seats)
        print(f"\n== {database}: schema by {schema}; {len(emails)} educators via {how}")
        port = free_port()
        server = serve(url, port, args.workers)
        started = time.perf_counter()
        if args.login == "http":
            with ThreadPoolExecutor(max_workers=8) as pool:
                cookies = list(pool.map(lambda email: login(port, email), emails))
        else:
            cookies = forged_cookies(url, emails)
        took = time.perf_counter() - started
        print(f"logged in {len(cookies)} educators ({args.login}) in {took:.1f} s")

        load = os.getloadavg()[0]
        cpu_before = (worker_cpu_seconds(server.pid), machine_busy_seconds())
        rushers, released, finished = rush(port, cookies)
        app_cpu = worker_cpu_seconds(server.pid) - cpu_before[0]
        machine_cpu = machine_busy_seconds() - cpu_before[1]
        latencies = [r.latency * 1000 for r in rushers]
        errors = [r.status for r in rushers if r.status != 302]
        result = outcome(url, workshop_id, args.seats)
        elapsed = finished - released
        rate, p99 = len(rushers) / elapsed, percentile(latencies, 0.99)
        floor, floor_released, floor_finished = rush(port, cookies, FLOOR)
        floor_rate = len(floor) / (floor_finished - floor_released)
        floor_p99 = percentile([r.latency * 1000 for r in floor], 0.99)
        print(f"gunicorn workers:        {args.workers} (sync), {database}, {args.seats} seats")
        print(f"machine load before:     {load:.1f} on {os.cpu_count()} CPUs (1-minute average)")
        print(f"requests:                {len(rushers)} ({len(errors)} not answered 302)")
        print(f"confirmed:               {result['confirmed']}")
        print(f"waitlisted:              {result['waitlisted']}")
        print(f"overbooked:              {result['overbooked']}")
        print(f"waitlist = arrival order: {'yes' if result['in_order'] else 'NO'}")
        print(f"registrations/s:         {rate:.0f} (all {len(rushers)} in {elapsed:.2f} s)")
        print(f"seat decisions/s (lock): {result['lock_rate']:.0f}")
        print(
            f"CPU per registration:    {app_cpu / len(rushers) * 1000:.1f} ms in the app's "
            f"workers, {machine_cpu / len(rushers) * 1000:.1f} ms machine-wide (clients, "
            "the database and gunicorn included)"
        )
        print(f"latency p50 / p99:       {statistics.median(latencies):.0f} / {p99:.0f} ms")
        print(
            f"floor, GET /healthz:     {floor_rate:.0f} requests/s, p99 {floor_p99:.0f} ms "
            f"(the same {len(floor)} at once)"
        )
        ratio_met = rate >= GOAL_RATIO * floor_rate
        p99_met = p99 <= GOAL_P99_FACTOR * floor_p99
        print(
            f"goal:                    {rate / floor_rate:.2f} of the floor's requests/s "
            f"(>= {GOAL_RATIO}: {'met' if ratio_met else 'NOT met'}); p99 "
            f"{p99 / floor_p99:.2f}x the floor's (<= {GOAL_P99_FACTOR}: "
            f"{'met' if p99_met else 'NOT met'})"
        )
        if result["overbooked"] or errors:
            raise SystemExit("OVERBOOKED" if result["overbooked"] else f"errors: {errors[:5]}")
        return ratio_met and p99_met and bool(result["in_order"])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--educators", type=int, default=500)
    parser.add_argument("--seats", type=int, default=25)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument(
        "--login",
        choices=["http", "forge"],
        default="http",
        help="log in over HTTP (default) or sign session cookies directly (faster set-up)",
    )
    args = parser.parse_args()
    databases = ["postgresql", "sqlite"] if args.database == "both" else [args.database]
    met = [run_once(database, args) for database in databases]
    print(f"\ngoal met on {sum(met)} of {len(met)} databases")


if __name__ == "__main__":
    main()
