"""The load test: gunicorn with 2 workers and production settings (gunicorn.conf.py, as
`make serve`), driven by wrk.

Traffic goes to 127.0.0.1 only, for a bounded time, and the server this starts is stopped
at the end. wrk is the Debian package (``apt-get install wrk``).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
CONNECTIONS = 32
THREADS = 2
REQUESTS_PER_SECOND_TARGET = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {server.returncode}.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)  # not listening yet, or its workers still starting
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s.")


def parse_wrk(output: str) -> dict:
    """Requests/s, latency percentiles and every kind of error from wrk's report."""

    def number(pattern, default=0.0):
        found = re.search(pattern, output)
        return float(found.group(1)) if found else default

    def latency_ms(percentile):
        found = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not found:
            return None
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "p50_ms": latency_ms(50),
        "p99_ms": latency_ms(99),
    }


@contextmanager
def gunicorn(env: dict[str, str], log):
    """gunicorn with gunicorn.conf.py and WORKERS workers on a free port of HOST, logging to
    ``log``; yields its base URL, and stops it and its workers after."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        yield f"http://{HOST}:{port}", server
    finally:
        # The server and its workers form their own process group, started above.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wrk_command(
    wrk: str, url: str, *, connections: int, threads: int, seconds: int, host: str = ""
) -> list[str]:
    """wrk's command line; ``host``: the Host header to send instead of the URL's."""
    headers = ["-H", f"Host: {host}"] if host else []
    return [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url]


def run(env: dict[str, str], paths: list[str], *, seconds: int = 30) -> dict:
    """Serve the site with gunicorn and drive each of ``paths`` with wrk for ``seconds``."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    results = {"workers": WORKERS, "connections": CONNECTIONS, "seconds": seconds, "pages": {}}
    if not paths:
        return {**results, "server_errors_logged": 0}
    with tempfile.TemporaryFile("w+") as log:
        with gunicorn(env, log) as (base, server):
            wait_until_serving(base + paths[0], server)
            for path in paths:
                for _ in range(5):  # warm both workers' caches and connections
                    urllib.request.urlopen(base + path, timeout=30).read()
                print(f"wrk {seconds} s at {CONNECTIONS} connections: {path}", file=sys.stderr)
                completed = subprocess.run(
                    wrk_command(
                        wrk, base + path, connections=CONNECTIONS, threads=THREADS, seconds=seconds
                    ),
                    capture_output=True,
                    text=True,
                    timeout=seconds + 60,
                    check=True,
                )
                results["pages"][path] = parse_wrk(completed.stdout)
        log.seek(0)
        results["server_errors_logged"] = len(re.findall(r"\[ERROR\]|Traceback", log.read()))
    return results


# Two application servers sharing one cache (docs/scaling.md) --------------------------------

SHARED_CACHE_CONNECTIONS = 64  # in all, half on each server
SHARED_CACHE_TARGET = 1_000  # requests/s, summed over the two servers
# The site's name, which the proxy in front passes on to every server alike (cached pages are
# keyed on the whole address, and the record page prints its own).
SITE_HOST = "localhost"


def redis_counts(cache_url: str) -> dict[str, int]:
    """The keys in the cache's Redis database, and Redis's count of reads that found theirs."""
    import redis

    client = redis.Redis.from_url(cache_url)
    try:
        return {"keys": client.dbsize(), "hits": client.info("stats")["keyspace_hits"]}
    finally:
        client.close()


def cpu_seconds(pids) -> dict[int, float]:
    """CPU time (user and system) each of the processes ``pids`` has used so far (Linux
    /proc); those gone are left out."""
    used = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after the command's name; field 3 first
        # utime and stime, fields 14 and 15
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """The CPU seconds used between two ``cpu_seconds``, by the processes alive at the end: a
    process that ended meanwhile (another client's backend) is not taken off the total."""
    return sum(seconds - before.get(pid, 0) for pid, seconds in after.items())


def process_group(pgid: int) -> list[int]:
    """The processes of group ``pgid``: a gunicorn started in a session of its own, workers
    included."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[2]) == pgid:
                pids.append(int(entry.name))
    return pids


def cpu_used(servers, database_url: str, cache_url: str) -> dict[str, float]:
    """CPU seconds used so far by the servers' processes, by the PostgreSQL backends
    connected to the bench database, and by Redis (all of it; the bench's is most)."""
    import psycopg2
    import redis

    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            backends = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    client = redis.Redis.from_url(cache_url)
    try:
        info = client.info("cpu")
    finally:
        client.close()
    return {
        "servers": cpu_seconds(pid for server in servers for pid in process_group(server.pid)),
        "postgresql": cpu_seconds(backends),
        "redis": {0: info["used_cpu_user"] + info["used_cpu_sys"]},
    }


def run_shared_cache(env: dict[str, str], path: str, *, cache_url: str, seconds: int = 30):
    """Two gunicorn instances (A and B, on two ports, WORKERS each) sharing the Redis cache at
    ``cache_url``, as two machines would: ``path`` rendered by A is served by B from the cache;
    then wrk drives both at once, ``SHARED_CACHE_CONNECTIONS`` connections in all, half on
    each, and their requests/s are summed.

    Two wrk processes, one per server, rather than a proxy in front: on one machine a proxy
    would take CPU from the servers and measure itself. The cache's database is emptied first.
    """
    import redis

    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    client = redis.Redis.from_url(cache_url)
    client.flushdb()
    client.close()
    env = {**env, "CACHE_URL": cache_url}

    def get(url: str) -> bytes:
        request = urllib.request.Request(url, headers={"Host": SITE_HOST})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()

    results = {"workers": WORKERS, "connections": SHARED_CACHE_CONNECTIONS, "seconds": seconds}
    with tempfile.TemporaryFile("w+") as log:
        with gunicorn(env, log) as (a, server_a), gunicorn(env, log) as (b, server_b):
            for base, server in ((a, server_a), (b, server_b)):
                wait_until_serving(base + "/healthz", server)
                for _ in range(4 * WORKERS):  # each worker's first request loads the code
                    get(base + "/healthz")
            before = redis_counts(cache_url)
            started = time.perf_counter()
            page_a = get(a + path)
            rendered_ms = (time.perf_counter() - started) * 1000
            after_a = redis_counts(cache_url)
            started = time.perf_counter()
            page_b = get(b + path)
            served_ms = (time.perf_counter() - started) * 1000
            after_b = redis_counts(cache_url)
            results["across"] = {
                "path": path,
                "same_page": page_a == page_b,
                "keys_written_by_a": after_a["keys"] - before["keys"],
                "keys_written_by_b": after_b["keys"] - after_a["keys"],
                "hits_by_b": after_b["hits"] - after_a["hits"],
                "rendered_by_a_ms": rendered_ms,
                "served_by_b_ms": served_ms,
            }
            for base in (a, b):
                for _ in range(5):  # warm every worker's connections
                    get(base + path)
            print(
                f"wrk {seconds} s at {SHARED_CACHE_CONNECTIONS} connections on two servers: {path}",
                file=sys.stderr,
            )
            cpu_before = cpu_used([server_a, server_b], env["DATABASE_URL"], cache_url)
            drivers = [
                subprocess.Popen(
                    wrk_command(
                        wrk,
                        base + path,
                        connections=SHARED_CACHE_CONNECTIONS // 2,
                        threads=1,
                        seconds=seconds,
                        host=SITE_HOST,
                    ),
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for base in (a, b)
            ]
            outputs = [driver.communicate(timeout=seconds + 60)[0] for driver in drivers]
            cpu_after = cpu_used([server_a, server_b], env["DATABASE_URL"], cache_url)
            results["servers"] = [parse_wrk(output) for output in outputs]
            results["cpu_seconds"] = {
                part: cpu_spent(cpu_before[part], cpu_after[part]) for part in cpu_before
            }
            # What else the machine was doing: the mean number of runnable processes.
            results["load_average"] = os.getloadavg()[0]
            results["cores"] = os.cpu_count()
        log.seek(0)
        results["server_errors_logged"] = len(re.findall(r"\[ERROR\]|Traceback", log.read()))
    return results


def shared_cache_report_lines(results: dict) -> list[str]:
    if "skipped" in results:
        return [f"Skipped: {results['skipped']}."]
    across = results["across"]
    servers = results["servers"]
    total = sum(server["requests_per_second"] for server in servers)
    errors = sum(server["non_2xx"] + server["socket_errors"] for server in servers)
    ok = errors == 0 and total >= SHARED_CACHE_TARGET and results["server_errors_logged"] == 0
    half = results["connections"] // 2
    return [
        f"Two gunicorn instances (A and B, {results['workers']} sync workers each, production "
        f"settings) on two ports, sharing one Redis cache (`CACHE_URL`), emptied first.",
        "",
        f"- `{across['path']}` rendered by A in {across['rendered_by_a_ms']:.1f} ms, "
        f"writing {across['keys_written_by_a']} key(s) to the cache; then from B in "
        f"{across['served_by_b_ms']:.1f} ms: {across['hits_by_b']} cache hit(s), "
        f"{across['keys_written_by_b']} key(s) written, "
        f"{'the same bytes' if across['same_page'] else 'DIFFERENT bytes'} as A's.",
        f"- `wrk -t1 -c{half} -d{results['seconds']}s --latency` on each at once "
        f"({results['connections']} connections in all): "
        + ", ".join(
            f"{name} {server['requests_per_second']:.0f} requests/s "
            f"(p50 {server['p50_ms']:.1f} ms, p99 {server['p99_ms']:.1f} ms)"
            for name, server in zip("AB", servers, strict=True)
        )
        + f"; **{total:,.0f} requests/s** in all, {errors} errors "
        f"({sum(s['non_2xx'] for s in servers)} non-2xx, "
        f"{sum(s['socket_errors'] for s in servers)} socket), "
        f"{results['server_errors_logged']} in the servers' log. Target: "
        f"≥ {SHARED_CACHE_TARGET:,} requests/s and no errors: {'met' if ok else 'MISSED'}.",
        cpu_line(results, sum(server["requests"] for server in servers)),
    ]


def cpu_line(results: dict, requests: int) -> str:
    """CPU per request, whatever else the machine was running: what the figure would be with
    its cores free for the site."""
    cpu = {
        part: seconds * 1000 / max(requests, 1) for part, seconds in results["cpu_seconds"].items()
    }
    per_request = sum(cpu.values())
    return (
        f"- CPU per request during the run: {cpu['servers']:.2f} ms in the servers, "
        f"{cpu['postgresql']:.2f} ms in PostgreSQL, {cpu['redis']:.2f} ms in Redis: "
        f"{per_request:.2f} ms, so {results['cores']} cores doing nothing else would serve "
        f"about {results['cores'] * 1000 / per_request:,.0f} requests/s (wrk's own CPU aside). "
        f"Load average meanwhile: {results['load_average']:.1f} on {results['cores']} cores."
    )


def report_lines(results: dict) -> list[str]:
    if "skipped" in results:
        return [f"Skipped: {results['skipped']}."]
    lines = [
        f"gunicorn, {results['workers']} sync workers, production settings (DEBUG off), on the "
        f"100,000-resolution database; `wrk -t{THREADS} -c{results['connections']} "
        f"-d{results['seconds']}s --latency` from the same machine. Target: zero errors and "
        f"≥ {REQUESTS_PER_SECOND_TARGET} requests/s.",
        "",
        "| page | requests | requests/s | p50 ms | p99 ms | errors | |",
        "|---|---|---|---|---|---|---|",
    ]
    for path, page in results["pages"].items():
        errors = page["non_2xx"] + page["socket_errors"]
        ok = errors == 0 and page["requests_per_second"] >= REQUESTS_PER_SECOND_TARGET

        def ms(value):
            return f"{value:.1f}" if value is not None else "–"

        lines.append(
            f"| `{path}` | {page['requests']:,} | {page['requests_per_second']:.0f} "
            f"| {ms(page['p50_ms'])} | {ms(page['p99_ms'])} | {errors} "
            f"({page['non_2xx']} non-2xx, {page['socket_errors']} socket) "
            f"| {'met' if ok else 'MISSED'} |"
        )
    lines += ["", f"Errors in the server's log: {results['server_errors_logged']}."]
    for note in results.get("not_driven", []):
        lines.append(f"Not driven: {note}.")
    return lines


def main() -> None:
    """``python bench/load.py --shared-cache``: two application servers sharing one cache, on
    the bench database of ``--size`` (made as ``make bench`` makes it, kept if it holds its
    data), at a typical record page."""
    import argparse

    from bench import run as bench

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--shared-cache", action="store_true", required=True)
    parser.add_argument("--size", default="large", choices=sorted(bench.SIZES))
    parser.add_argument("--seconds", type=int, default=30, help="wrk duration.")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/0",
        help="The Redis database the two servers share (emptied first).",
    )
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database: the bench's sit beside it.")
    url = bench.size_database_url(base_url, args.size)
    bench.ensure_postgres_database(url)
    bench.run_child("prepare", url, args.size, "--reuse")
    env = bench.child_env(url)
    slug = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from bench.run import typical_meeting_slug; "
            "print(typical_meeting_slug())",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    results = run_shared_cache(
        env, f"/meetings/{slug}/", cache_url=args.cache_url, seconds=args.seconds
    )
    print("\n".join(shared_cache_report_lines(results)))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
