"""Benchmark: the catalog list, the JSON API and a floor route served by gunicorn.

Seeds 2,000 generated workshops (plus the curated demo set) with `seed_demo` into a
fresh SQLite file, or into PostgreSQL if DATABASE_URL is set (the tables are created
if missing), serves `bench/catalog_wsgi.py` with gunicorn (2 workers, a free
127.0.0.1 port, rate limits off), then drives each route for ~10 s at 16 concurrent
connections from another process: `wrk` if installed, else a small load generator
(threads with keep-alive `http.client` connections) started as a second process.

Prints requests/s, p50 and p99 for each route, and its ratio to the floor route.
Goals: the catalog page at least 0.5 of the floor's requests/s, p99 under 50 ms.

The "misses" routes ask for a different search and filter combination on every request
(words a teacher types × filters × a start date in the next four months), so no request
is answered from the rendered-page cache: the search, the count, the page of cards and
the render every time. The answers a search is made of (the listed workshops, each
filter's, the words') are each kept per catalog version (`services/catalog/matching.py`),
as they would be for real visitors, who ask few words and filters in many combinations.
Goal: at least 0.3 of the floor's requests/s, p99 under 100 ms, on SQLite and
PostgreSQL. The "new words" routes go further: two words drawn from a vocabulary of 60
on every request (3,540 pairs, more than the words' answers kept), so the full-text
engine runs on nearly every request too. (These routes always use the threads driver.)
On PostgreSQL the tables are vacuumed and analysed after seeding, as autovacuum would.

Run: `.venv/bin/python bench/catalog.py [--workshops 2000] [--seconds 10] [--connections 16]`.
"""

from __future__ import annotations

import os  # noqa: E402
import sys  # noqa: E402

# bench/calendar.py is named like the standard library's `calendar`: run as a script,
# this folder must not shadow it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import quote_plus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
ROUTES = (
    ("floor", "/bench/floor"),
    ("catalog page", "/workshops"),
    ("JSON API", "/api/v1/workshops"),
    ("page, misses", "@/workshops"),
    ("API, misses", "@/api/v1/workshops"),
    ("page, new words", "%/workshops"),
    ("API, new words", "%/api/v1/workshops"),
)
MISS_WORDS = (
    "math", "middle school", "ngss", "yakima", "computer science", "phenomena", "online",
    "K-2", "high school assessment", "engineering design", "Vancouver", "Grace Kimura",
    "robotics", "climate data", "fractions", "STEAM", "PLC", "equity math", "", "",
)  # fmt: skip
MISS_FILTERS = (
    "", "&topic=mathematics", "&grade=6_8", "&format=online", "&online=1", "&free=1",
    "&county=King", "&network=wa-south-central", "&available=1", "&grade=9_12&free=1",
)  # fmt: skip
MISS_DAYS = 120  # 20 × 10 × 120 = 24,000 combinations before one comes again
NEW_WORDS = (
    "math", "science", "engineering", "coding", "robotics", "data", "climate", "water",
    "soil", "energy", "fractions", "algebra", "geometry", "statistics", "physics",
    "chemistry", "biology", "ecology", "astronomy", "weather", "phenomena", "modeling",
    "argument", "discourse", "assessment", "grading", "equity", "inclusion", "literacy",
    "language", "elementary", "middle", "high", "kindergarten", "coaching", "leadership",
    "online", "hybrid", "summer", "evening", "Yakima", "Vancouver", "Spokane", "Tacoma",
    "Seattle", "Olympia", "Wenatchee", "Bellingham", "Kennewick", "Pasco", "King",
    "Kitsap", "Clark", "lab", "field", "garden", "maker", "design", "inquiry", "PLC",
)  # fmt: skip
# Each load-generator process starts its searches at its own offset (see `measure`):
# starting all at 0, every round would ask the searches of the first again, and find
# them in the page cache.
_miss_numbers = itertools.count()
OFFSET_STEP = 6_000  # more requests than one route's round makes; 4 calls a route
_calls: dict[str, itertools.count] = {}


def miss_path(base: str) -> str:
    """A search and filters never asked before in this run (so never in the page cache)."""
    number = next(_miss_numbers)
    words = MISS_WORDS[number % len(MISS_WORDS)]
    filters = MISS_FILTERS[number // len(MISS_WORDS) % len(MISS_FILTERS)]
    # "From" a day in the next four months: upcoming workshops, as a teacher searches.
    days = number // (len(MISS_WORDS) * len(MISS_FILTERS)) % MISS_DAYS
    day = date.today() + timedelta(days=days)
    return f"{base}?q={quote_plus(words)}{filters}&from={day.isoformat()}"


def new_words_path(base: str) -> str:
    """Like `miss_path`, with two words from `NEW_WORDS` instead (a pair seldom asked)."""
    number = next(_miss_numbers)
    count = len(NEW_WORDS)
    pair = number * 7919 % (count * (count - 1))  # a stride through every ordered pair
    first, second = divmod(pair, count - 1)
    second += second >= first
    words = f"{NEW_WORDS[first]} {NEW_WORDS[second]}"
    filters = MISS_FILTERS[number % len(MISS_FILTERS)]
    day = date.today() + timedelta(days=number // len(MISS_FILTERS) % MISS_DAYS)
    return f"{base}?q={quote_plus(words)}{filters}&from={day.isoformat()}"


# --- the load generator (run in its own process) -----------------------------------------


def _worker(host: str, port: int, path: str, deadline: float, latencies: list[float]) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=10)
    while time.perf_counter() < deadline:
        target = {"@": miss_path, "%": new_words_path}.get(path[0], lambda _base: path)(path[1:])
        started = time.perf_counter()
        connection.request("GET", target)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
    connection.close()


def drive(port: int, path: str, seconds: float, connections: int) -> dict[str, float]:
    """Requests/s and latency percentiles (ms) of GET `path` for `seconds`."""
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    threads = [
        threading.Thread(target=_worker, args=("127.0.0.1", port, path, deadline, latencies[i]))
        for i in range(connections)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    merged = sorted(value for per_thread in latencies for value in per_thread)
    return {
        "rps": len(merged) / elapsed,
        "p50": merged[len(merged) // 2] * 1000,
        "p99": merged[min(int(len(merged) * 0.99), len(merged) - 1)] * 1000,
    }


def _wrk_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def drive_with_wrk(port: int, path: str, seconds: float, connections: int) -> dict[str, float]:
    output = subprocess.run(
        [
            "wrk",
            "--latency",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{max(round(seconds), 1)}s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{path}: non-2xx answers\n{output}")
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _wrk_ms(percentiles["50"]),
        "p99": _wrk_ms(percentiles["99"]),
    }


# --- set-up --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(database_url: str, workshops: int) -> None:
    os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    from pdportal import create_app
    from pdportal.extensions import db
    from pdportal.services.demo.seed import seed_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        seed_demo(workshops=workshops, educators=200, password="bench-password", echo=print)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does within a minute of a bulk load: statistics for the
            # planner, and the visibility map that lets counts read indexes only.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit("gunicorn exited; see its output above")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def measure(
    port: int, path: str, seconds: float, connections: int, use_wrk: bool
) -> dict[str, float]:
    if use_wrk and path.startswith("/"):
        return drive_with_wrk(port, path, seconds, connections)
    command = [sys.executable, __file__, "--drive", path, "--port", str(port)]
    offset = next(_calls.setdefault(path, itertools.count())) * OFFSET_STEP
    command += ["--offset", str(offset)]
    command += ["--seconds", str(seconds), "--connections", str(connections)]
    return json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workshops", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--driver", choices=("auto", "wrk", "threads"), default="auto", help="load generator"
    )
    parser.add_argument("--drive", help=argparse.SUPPRESS)  # the load-generator process
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        global _miss_numbers
        _miss_numbers = itertools.count(args.offset)
        print(json.dumps(drive(args.port, args.drive, args.seconds, args.connections)))
        return

    with tempfile.TemporaryDirectory() as scratch:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}/bench.db"
        seed(database_url, args.workshops)
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "PDPORTAL_RATELIMIT_ENABLED": "false",
            "PYTHONPATH": str(ROOT),
        }
        gunicorn = [sys.executable, "-m", "gunicorn", "--workers", "2"]
        gunicorn += ["--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT)]
        server = subprocess.Popen([*gunicorn, "bench.catalog_wsgi:app"], env=env)
        try:
            wait_until_up(port, server)
            use_wrk = args.driver == "wrk" or (args.driver == "auto" and bool(shutil.which("wrk")))
            driver = "wrk" if use_wrk else "threads + http.client"
            print(f"\n{args.connections} connections, {args.seconds:.0f} s per route, {driver}")
            print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
            for _name, path in ROUTES:
                measure(port, path, 1, 2, use_wrk)  # warm both workers' caches and connections
            # Routes take turns, so a burst of load from elsewhere on the machine does not
            # land on one route only; req/s is the mean of the rounds, p99 the worst round.
            rounds: dict[str, list[dict[str, float]]] = {name: [] for name, _path in ROUTES}
            for _round in range(ROUNDS):
                for name, path in ROUTES:
                    rounds[name].append(
                        measure(port, path, args.seconds / ROUNDS, args.connections, use_wrk)
                    )
            results = {
                name: {
                    "rps": statistics.mean(r["rps"] for r in runs),
                    "p50": statistics.median(r["p50"] for r in runs),
                    "p99": max(r["p99"] for r in runs),
                }
                for name, runs in rounds.items()
            }
            floor_rps = results["floor"]["rps"]
            print(f"{'route':<14}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'÷ floor':>9}")
            for name, figures in results.items():
                print(
                    f"{name:<14}{figures['rps']:>9.0f}{figures['p50']:>9.1f}"
                    f"{figures['p99']:>9.1f}{figures['rps'] / floor_rps:>9.2f}"
                )
            print("load average after:  {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
