"""A real PostgreSQL streaming replica of the tests' database server, on this machine.

``pg_basebackup -R`` copies the whole primary cluster (every database, the test database
too) into a folder under /tmp and writes what makes the copy a standby that streams from the
primary; the copy is then started on a port of its own, read-only, replaying the primary's
changes as they come. As root (CI), the PostgreSQL programs run as the ``postgres`` user,
as the server refuses to run as root. The primary must allow replication connections from
127.0.0.1 (``host replication all 127.0.0.1/32 trust`` in its pg_hba.conf; ``.ci/run`` adds
it).
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2

# The ports the replica may take, the first free one.
PORTS = (5434, 5435, 5433)
# Settings a standby must have at least as high as its primary's.
AT_LEAST_THE_PRIMARYS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


@dataclass
class Replica:
    host: str
    port: int
    user: str
    data: Path
    bin_dir: Path

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@{self.host}:{self.port}/{database}"

    def connect(self, database: str):
        connection = psycopg2.connect(
            host=self.host, port=self.port, user=self.user, dbname=database
        )
        connection.autocommit = True
        return connection


def as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def programs(primary) -> Path:
    """The folder of the primary's own version of the PostgreSQL programs (Debian keeps each
    major version's apart), else where ``PATH`` finds them."""
    with primary.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    debian = Path(f"/usr/lib/postgresql/{major}/bin")
    if debian.is_dir():
        return debian
    found = shutil.which("pg_basebackup")
    if found is None:
        raise RuntimeError("pg_basebackup is not installed (Debian: postgresql).")
    return Path(found).parent


def free_port(host: str) -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex((host, port)) != 0:
                return port
    raise RuntimeError(f"Ports {PORTS} are all taken: stop what runs there.")


def start(*, host: str, port: int, user: str) -> Replica:
    """Copy the cluster at ``host:port`` and start the copy as its streaming replica."""
    primary = psycopg2.connect(host=host, port=port, user=user, dbname="postgres")
    try:
        bin_dir = programs(primary)
        with primary.cursor() as cursor:
            minimums = {}
            for name in AT_LEAST_THE_PRIMARYS:
                cursor.execute(f"SHOW {name}")
                minimums[name] = cursor.fetchone()[0]
    finally:
        primary.close()
    data = Path(tempfile.mkdtemp(prefix="asean-meetings-replica-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    data.chmod(0o700)
    replica = Replica(host=host, port=free_port(host), user=user, data=data, bin_dir=bin_dir)
    try:
        copy_and_start(replica, primary_port=port, minimums=minimums)
    except subprocess.CalledProcessError as error:
        log = data / "server.log"
        stop(replica)
        raise RuntimeError(
            f"{error.cmd[len(as_postgres())]} failed: {error.stderr}"
            + (log.read_text(errors="replace") if log.exists() else "")
        ) from error
    return replica


def copy_and_start(replica: Replica, *, primary_port: int, minimums: dict) -> None:
    host, data, bin_dir = replica.host, replica.data, replica.bin_dir
    run = as_postgres()
    subprocess.run(
        [
            *run,
            str(bin_dir / "pg_basebackup"),
            f"--host={host}",
            f"--port={primary_port}",
            f"--username={replica.user}",
            f"--pgdata={data}",
            "--write-recovery-conf",  # -R: standby.signal and the primary's address
            "--wal-method=stream",
            "--checkpoint=fast",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    # A Debian cluster keeps its configuration outside its data folder, so the copy has none
    # of its own: give it one (what postgresql.auto.conf says, with -R's, still applies).
    settings = {
        "port": str(replica.port),
        "listen_addresses": f"'{host}'",
        "unix_socket_directories": f"'{data}'",
        "hot_standby": "on",
        "fsync": "off",
        **minimums,
    }
    config = "".join(f"{name} = {value}\n" for name, value in settings.items())
    hba = f"local all all trust\nhost all all {host}/32 trust\n"
    for name, text in (("postgresql.conf", config), ("pg_hba.conf", hba)):
        path = data / name
        path.write_text(text, encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")
    subprocess.run(
        [
            *run,
            str(bin_dir / "pg_ctl"),
            "start",
            f"--pgdata={data}",
            f"--log={data / 'server.log'}",
            "--wait",
            "--timeout=120",
        ],
        check=True,
        capture_output=True,
        text=True,
    )


def stop(replica: Replica) -> None:
    """Stop the replica at once (it holds nothing to keep) and delete its folder."""
    subprocess.run(
        [
            *as_postgres(),
            str(replica.bin_dir / "pg_ctl"),
            "stop",
            f"--pgdata={replica.data}",
            "--mode=immediate",
        ],
        check=False,
        capture_output=True,
    )
    shutil.rmtree(replica.data, ignore_errors=True)


def wait_until_replayed(primary, replica, *, seconds: float = 60) -> None:
    """Wait until ``replica`` has replayed everything ``primary`` (connections) wrote so far."""
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        written = cursor.fetchone()[0]
    deadline = time.monotonic() + seconds
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"The replica did not replay up to {written} in {seconds} s.")
            time.sleep(0.1)
