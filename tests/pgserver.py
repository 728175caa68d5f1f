"""A throwaway PostgreSQL server for the register tests: initdb + pg_ctl from the machine's
PostgreSQL, on loopback, on a free port, removed afterwards.

initdb refuses to run as root (CI runs as root), so as root the server runs as an
unprivileged system user made for it (``riskkit-pg``). The superuser's password is given
to initdb in a file and to the clients in a libpq password file ($PGPASSFILE): never on a
command line, as docs/register.md asks of a real register.

Used by the ``postgres`` fixture (tests/conftest.py); `make test` and `.ci/run` make sure
the binaries are there (scripts/check-system.sh installs PostgreSQL 15 when it can).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SERVICE_USER = "riskkit-pg"
SUPERUSER = "riskkit"


class ServerUnavailable(RuntimeError):
    """PostgreSQL could not be started here; the message says what to install or fix."""


def find_bin() -> Path:
    """$PG_BIN, else the newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl."""
    if os.environ.get("PG_BIN"):
        candidates = [os.environ["PG_BIN"]]
    else:
        candidates = sorted(map(str, Path("/usr/lib/postgresql").glob("*/bin")),
                            key=lambda p: int(Path(p).parent.name)
                            if Path(p).parent.name.isdigit() else 0, reverse=True)
    for folder in candidates:
        if all(os.access(Path(folder) / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
            return Path(folder)
    raise ServerUnavailable(
        "No PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or "
        "$PG_BIN. The register tests run on PostgreSQL too: install it with "
        "`sudo apt-get install postgresql` (scripts/check-system.sh test does it as root).")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _service_user() -> tuple[int, int] | None:
    """(uid, gid) to run the server as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        done = subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                               "/usr/sbin/nologin", SERVICE_USER], capture_output=True, text=True)
        if done.returncode not in (0, 9):  # 9: made meanwhile by another test worker
            raise ServerUnavailable(f"Cannot create the user {SERVICE_USER} to run PostgreSQL "
                                    f"(initdb refuses root): {done.stderr.strip()}") from None
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_uid, entry.pw_gid


@dataclass
class Server:
    folder: Path
    port: int
    password: str
    passfile: Path
    bin: Path
    owner: tuple[int, int] | None

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        self._as_owner([str(self.bin / "pg_ctl"), "stop", "-D", str(self.folder / "data"),
                        "-m", "immediate", "-w"], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _as_owner(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
        kwargs = {}
        if self.owner:
            kwargs = {"user": self.owner[0], "group": self.owner[1], "extra_groups": []}
        done = subprocess.run(argv, capture_output=True, text=True, cwd=self.folder,
                              env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                   "LC_ALL": "C.UTF-8"}, **kwargs)
        if check and done.returncode != 0:
            raise ServerUnavailable(f"{Path(argv[0]).name} failed ({done.returncode}): "
                                    f"{done.stderr.strip() or done.stdout.strip()}")
        return done


def start() -> Server:
    """Start a fresh server; the caller stops it (Server.stop removes its files too)."""
    binaries = find_bin()
    owner = _service_user()
    folder = Path(tempfile.mkdtemp(prefix="riskkit-pg-"))
    password = secrets.token_urlsafe(24)
    (folder / "pw").write_text(password + "\n", encoding="utf-8")
    passfile = folder / "pgpass"
    if owner:
        os.chown(folder, *owner)
        os.chown(folder / "pw", *owner)
    folder.chmod(0o711)
    server = Server(folder, _free_port(), password, passfile, binaries, owner)
    try:
        server._as_owner([str(binaries / "initdb"), "-D", str(folder / "data"), "-U", SUPERUSER,
                          "--pwfile", str(folder / "pw"), "--auth-host", "scram-sha-256",
                          "--auth-local", "scram-sha-256", "-E", "UTF8", "--no-sync",
                          "--locale", "C.UTF-8"])
        (folder / "pw").unlink()
        server._as_owner([str(binaries / "pg_ctl"), "start", "-D", str(folder / "data"), "-w",
                          "-t", "60", "-l", str(folder / "data" / "server.log"), "-o",
                          f"-c listen_addresses=127.0.0.1 -c port={server.port} "
                          f"-c unix_socket_directories='{folder}' -c fsync=off "
                          "-c max_connections=60"])
    except BaseException:
        log = folder / "data" / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        server.stop()
        if detail:
            raise ServerUnavailable(f"PostgreSQL did not start:\n{detail}") from None
        raise
    passfile.write_text(f"127.0.0.1:{server.port}:*:*:{password}\n", encoding="utf-8")
    passfile.chmod(0o600)
    deadline = time.monotonic() + 30
    while True:  # pg_ctl -w waits; this covers a slow first connection on a loaded machine
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", server.port)) == 0:
                break
        if time.monotonic() > deadline:
            server.stop()
            raise ServerUnavailable("PostgreSQL started but does not accept connections")
        time.sleep(0.1)
    return server
