"""Benchmark: a calendar feed of 5,000 sessions served over HTTP by gunicorn.

Seeds a temporary SQLite database directly (workshops in two networks and time zones,
sessions across a daylight-saving change, titles with commas, semicolons and emoji),
serves the app with gunicorn on a free 127.0.0.1 port, and measures:

- a cold build (the data just changed, so no cache can answer), time and bytes, beside
  building the same events with bare `icalendar` in this process: the ratio is the
  portal's overhead (database, Markdown to text, HTTP). Goal: within 1.2x.
- a repeat request while nothing changed (the rendered feed comes from the cache).
  Goal: at least 10x faster than the cold build.
- a conditional GET answered 304. Goal: under 10 ms.
- the same feed gzipped, as calendar apps ask for it.

Run: `.venv/bin/python bench/calendar.py [--sessions 5000] [--workers 1] [--rounds 3]`.
"""

from __future__ import annotations

import os
import sys

# This file is named like the standard library's `calendar`, which `email` and `http`
# import: run as a script, its folder must not shadow it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import gc  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from sqlalchemy import insert, select, update  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icalendar import Calendar, Event, vDuration, vText  # noqa: E402

from pdportal import create_app  # noqa: E402
from pdportal.extensions import db  # noqa: E402
from pdportal.models import Network, Workshop, WorkshopSession, WorkshopStatus  # noqa: E402
from pdportal.services import calendar, catalog  # noqa: E402
from pdportal.services.calendar import feeds as calendar_feeds  # noqa: E402

SESSIONS_PER_WORKSHOP = 5
BASE_URL = "https://pd.example.org"
DESCRIPTION = (
    "## What you will do\n\n"
    "- Plan a **phenomenon-based** lesson; try it with colleagues\n"
    "- Look at student work, *together*, and give feedback\n\n"
    "Bring a laptop & a unit you teach. See [the guide](https://example.org/guide)."
)


def seed(url: str, sessions: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "BASE_URL": BASE_URL})
    with app.app_context():
        db.create_all()
        networks = [
            Network(name="Puget Sound STEM", slug="puget", time_zone="America/Los_Angeles"),
            Network(name="Capital Region STEM", slug="capital", time_zone="America/New_York"),
        ]
        db.session.add_all(networks)
        db.session.flush()
        count = sessions // SESSIONS_PER_WORKSHOP
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        first = now - timedelta(days=60)
        workshop_rows = [
            {
                "network_id": networks[index % 2].id,
                "slug": f"workshop-{index}",
                "title": f"Modeling, data; and argument 🧪 #{index}",
                "summary": "Hands-on strategies for STEM classrooms.",
                "description": DESCRIPTION,
                "topics": ["ngss_science", "mathematics"],
                "grade_bands": ["6_8"],
                "venue": "ESD 112, Room 4",
                "address": "2500 NE 65th Ave, Vancouver, WA",
                "status": WorkshopStatus.PUBLISHED,
            }
            for index in range(count)
        ]
        db.session.execute(insert(Workshop), workshop_rows)
        ids = db.session.scalars(select(Workshop.id).order_by(Workshop.id)).all()
        session_rows = []
        for index, workshop_id in enumerate(ids):
            start = first + timedelta(hours=7 * index)
            for number in range(SESSIONS_PER_WORKSHOP):
                begins = start + timedelta(days=7 * number)
                session_rows.append(
                    {
                        "workshop_id": workshop_id,
                        "starts_at": begins,
                        "ends_at": begins + timedelta(hours=3),
                        "sequence": number % 3,
                    }
                )
        db.session.execute(insert(WorkshopSession), session_rows)
        db.session.commit()
        db.engine.dispose()


def touch(url: str) -> None:
    """Change one session, as an admin edit would: every cache key misses afterwards."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "BASE_URL": BASE_URL})
    with app.app_context():
        first_id = db.session.scalar(select(WorkshopSession.id).limit(1))
        db.session.execute(
            update(WorkshopSession)
            .where(WorkshopSession.id == first_id)
            .values(sequence=WorkshopSession.sequence + 1)
        )
        db.session.commit()
        db.engine.dispose()


def bare_icalendar(url: str, *, gc_paused: bool = False) -> tuple[float, float, int, int]:
    """The same events built with plain `icalendar` from values already in memory.

    `gc_paused` builds them with the cyclic GC paused, as the portal does: the difference
    between the two shows what that pause is worth, and what is left is the portal's own.
    """
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "BASE_URL": BASE_URL})
    with app.test_request_context():
        rows = calendar_feeds.feed_rows(catalog.public_spec(catalog.CatalogFilters(), "en"))
        words = calendar.ics.texts()
        facts = {
            key: calendar.workshop_facts(row, False, words) for key, row in rows.workshops.items()
        }
        plain = []
        for row in rows.sessions:
            workshop = facts[row.workshop_id]
            plain.append(
                (
                    calendar.session_uid(row.id),
                    row.starts_at.astimezone(ZoneInfo(workshop.zone.key)),
                    row.ends_at.astimezone(ZoneInfo(workshop.zone.key)),
                    max(row.updated_at, workshop.updated_at),
                    row.sequence,
                    calendar.event_summary(row, workshop, words),
                    workshop,
                )
            )
        db.engine.dispose()
    if gc_paused:
        gc.disable()
    started, cpu_started = time.perf_counter(), time.process_time()
    cal = Calendar.new(prodid=calendar.PRODID, method="PUBLISH", uid="bench@pd.example.org")
    cal.add("NAME", vText("STEM workshops"))
    cal.add("X-WR-CALNAME", vText("STEM workshops"))
    cal.add("REFRESH-INTERVAL", vDuration(timedelta(hours=1)), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(timedelta(hours=1)))
    for uid, start, end, stamp, sequence, summary, text in plain:
        cal.add_component(
            Event.new(
                uid=uid,
                start=start,
                end=end,
                stamp=stamp,
                last_modified=stamp,
                sequence=sequence,
                status="CONFIRMED",
                summary=summary,
                location=text.location,
                url=text.url,
                description=text.description,
            )
        )
    first = min(p[1] for p in plain).date() - timedelta(days=366)
    last = max(p[2] for p in plain).date() + timedelta(days=366)
    cal.add_missing_timezones(first_date=first, last_date=last)
    body = cal.to_ical()
    cpu = time.process_time() - cpu_started
    gc.enable()
    return time.perf_counter() - started, cpu, len(body), len(plain)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers_cpu(master_pid: int) -> float:
    """CPU seconds the gunicorn workers have used: fair figures on a busy shared machine."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[float, int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            status, response_headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:  # 304 arrives as an "error"
        body, status, response_headers = error.read(), error.code, dict(error.headers)
    return time.perf_counter() - started, status, body, response_headers


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited early")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=6, help="cold builds to time")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        seed(url, args.sessions)
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "BASE_URL": BASE_URL,
            "PDPORTAL_ENV": "development",
            "RATELIMIT_ENABLED": "false",
        }
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        feed = f"http://127.0.0.1:{port}/calendar/workshops.ics"
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
            for _ in range(args.workers * 2):  # warm imports and connections in every worker
                fetch(f"http://127.0.0.1:{port}/calendar/workshops.ics?format=online")
            report(url, feed, args, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)


def report(url: str, feed: str, args: argparse.Namespace, master_pid: int) -> None:
    bare_times, cold_times, bare_cpu, cold_cpu, paused_cpu = [], [], [], [], []
    for _ in range(args.rounds):
        touch(url)
        cpu_before = workers_cpu(master_pid)
        elapsed, status, body, headers = fetch(feed)
        assert status == 200, status
        cold_times.append(elapsed)
        cold_cpu.append(workers_cpu(master_pid) - cpu_before)
        bare_elapsed, bare_cpu_seconds, bare_bytes, events = bare_icalendar(url)
        bare_times.append(bare_elapsed)
        bare_cpu.append(bare_cpu_seconds)
        paused_cpu.append(bare_icalendar(url, gc_paused=True)[1])
    if args.workers > 1:  # let every worker build this version once
        for _ in range(args.workers * 3):
            fetch(feed)
    repeat = [fetch(feed)[0] for _ in range(args.repeats)]
    etag = headers["ETag"]
    not_modified = []
    for _ in range(args.repeats):
        elapsed, status, _body, _headers = fetch(feed, {"If-None-Match": etag})
        assert status == 304, status
        not_modified.append(elapsed)
    gz_elapsed, _status, gz_body, gz_headers = fetch(feed, {"Accept-Encoding": "gzip"})
    gz_repeat = statistics.median(
        fetch(feed, {"Accept-Encoding": "gzip"})[0] for _ in range(args.repeats)
    )

    # Round 1 is the worker's first build (nothing memoised); later rounds follow an edit.
    # The machine is shared, so each cold build is compared with the bare build next to it.
    after_edit = cold_times[1:] or cold_times
    cold, bare = statistics.median(after_edit), statistics.median(bare_times)
    ratios = [c / b for c, b in zip(cold_times, bare_times, strict=True)]
    ratio = statistics.median(ratios[1:] or ratios)
    repeat_median, nm_median = statistics.median(repeat), statistics.median(not_modified)
    print(f"calendar feed benchmark: {events} sessions, gunicorn workers={args.workers}")
    print(f"  bare icalendar build      {ms(bare)}  ({bare / events * 1000:.3f} ms/event)")
    print(f"  cold, first in worker     {ms(cold_times[0])}  ({ratios[0]:.2f}x bare)")
    print(f"  cold, after an edit       {ms(cold)}  ({cold / events * 1000:.3f} ms/event)")
    print(f"  overhead ratio            {ratio:8.2f} x     (goal <= 1.2; median of rounds)")
    print(f"  body                      {len(body):8d} bytes (bare: {bare_bytes})")
    print(f"  repeat, unchanged         {ms(repeat_median)}  {cold / repeat_median:.0f}x faster")
    print(f"  304 (If-None-Match)       {ms(nm_median)}  (goal < 10 ms)")
    print(
        f"  gzip first / repeat       {ms(gz_elapsed)} / {ms(gz_repeat).strip()}  "
        f"{len(gz_body)} bytes, Content-Encoding: {gz_headers.get('Content-Encoding')}"
    )
    print(f"  cold rounds               {', '.join(ms(t).strip() for t in cold_times)}")
    cpu_ratios = [c / b for c, b in zip(cold_cpu, bare_cpu, strict=True)]
    print(
        f"  CPU: bare {ms(statistics.median(bare_cpu)).strip()}, worker for a cold build "
        f"{ms(statistics.median(cold_cpu[1:] or cold_cpu)).strip()}, ratio "
        f"{statistics.median(cpu_ratios[1:] or cpu_ratios):.2f}x (first in worker "
        f"{cpu_ratios[0]:.2f}x)"
    )
    paused_ratios = [c / b for c, b in zip(cold_cpu, paused_cpu, strict=True)]
    print(
        f"  CPU: bare with GC paused {ms(statistics.median(paused_cpu)).strip()}, portal vs "
        f"that {statistics.median(paused_ratios[1:] or paused_ratios):.2f}x"
    )
    print(f"  bare rounds               {', '.join(ms(t).strip() for t in bare_times)}")
    print(f"  ratios                    {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"  load average              {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
