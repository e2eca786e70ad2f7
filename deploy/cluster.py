"""make cluster: several app processes (replicas) over one PostgreSQL database, behind HAProxy.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test make cluster REPLICAS=2
    uv run python -m deploy.cluster --replicas 2 --port 8501

One Streamlit server is one Python process, so it uses one core. A cluster runs N of them, each
the app as ``make run`` starts it (``python app.py``) on a port of its own that listens on
127.0.0.1 only, and puts HAProxy (Debian's package) in front as the one address people open.
HAProxy runs ``deploy/haproxy.cfg``, the same file a real server uses, with only its marked
lines rewritten for this machine (:func:`haproxy_config`). PostgreSQL holds every workshop, so
a facilitator on one replica sees the answers given through another, and a replica that dies
loses nothing that was stored: its people reconnect through HAProxy to another replica.

The schema is migrated once before the replicas start (a replica checks it again at its first
request, under an advisory lock: see ``assessment.storage.migrate``). The replicas share one
``server.cookieSecret`` and divide PostgreSQL's connections between them. Used by ``make
cluster``, by ``make load --replicas`` and by the cluster tests
(``tests/e2e/test_workshop_scaled_out.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import ctypes
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
COOKIE = "sbsmi_replica"  # the sticky-session cookie (deploy/haproxy.cfg)
REPLICA_HEADER = "X-SBSMI-Replica"  # which replica answered (deploy/haproxy.cfg)
CLK_TCK = os.sysconf("SC_CLK_TCK")


class ClusterError(Exception):
    """The cluster cannot start: the message says why and what to do."""


def _prctl() -> Callable[..., int] | None:
    try:
        prctl: Callable[..., int] = ctypes.CDLL("libc.so.6", use_errno=True).prctl
        return prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()  # looked up here, in the parent: the child between fork and exec only calls it
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """In a child process: SIGTERM when the process that started it dies (Linux), so a
    killed ``make cluster`` or test leaves no replica or balancer behind."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _tied() -> Callable[[], None] | None:
    """``_die_with_parent`` for a child started by the main thread. (The signal follows the
    thread that started the child, and a ``preexec_fn`` is unsafe beside other threads: a child
    started from another thread is stopped by ``stop()`` alone.)"""
    return _die_with_parent if threading.current_thread() is threading.main_thread() else None


def serves_on(log: str, port: int) -> bool:
    """Whether a Streamlit server's output says it serves on ``port`` (its "URL: ..." line,
    printed once it has bound the port): a health check on a port answers for whoever holds
    it, which after a lost race for a free port is another process."""
    return re.search(rf"URL: http://\S+:{port}\b", log) is not None


def port_taken(log: str, port: int) -> bool:
    """Whether a Streamlit server's output says another process holds ``port`` (it stops)."""
    return f"Port {port} is not available" in log


def answers_health(url: str) -> bool:
    """Whether the server at ``url`` answers its health check now (what HAProxy asks)."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class AppServer:
    """The app as ``make run`` starts it (``python app.py``; another script by ``streamlit
    run``): one process on a port of its own, so its CPU and memory can be read, and it can be
    killed and started again."""

    def __init__(
        self,
        env: dict[str, str],
        log: Path,
        port: int | None = None,
        script: str = "app.py",
        address: str | None = None,
        name: str = "app",
        start: bool = True,
    ) -> None:
        self.port = port if port is not None else free_port()
        # a free port of ours, until it first serves: another one if something binds it first
        # (later, the port is known to the balancer and the phones: a restart keeps it)
        self.movable = port is None
        self.env = env
        self.log = log
        self.script = script
        self.address = address
        self.name = name
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        if start:
            self.start()

    def start(self) -> None:
        self.launch()
        self.wait_healthy()

    def launch(self) -> None:
        """Start the process (without waiting for it to serve)."""
        options = ["--server.port", str(self.port), "--server.headless", "true"]
        if self.address:
            options += ["--server.address", self.address]
        command = (
            [sys.executable, self.script]  # as make run starts it
            if self.script == "app.py"
            else [sys.executable, "-m", "streamlit", "run", self.script]
        )
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(
                [*command, *options],
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_tied(),
            )

    def healthy(self) -> bool:
        """Whether it answers its health check now (what HAProxy asks)."""
        return answers_health(self.url)

    def wait_healthy(self, timeout: float = 90) -> None:
        """Wait until it serves; one that does not within ``timeout`` is stopped, not left.

        A free port is free when it is chosen, not promised: another process can bind it before
        the app does. Then the app says so and stops, and it is started again on another free
        port (a port given by the caller is kept: its failure is the caller's to see). It
        serves when its own output says so and the port answers its health check."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        moves = 0
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if not (port_taken(self.log.read_text(), self.port) and self.movable and moves < 3):
                    break
                moves += 1
                self.port = free_port()
                self.url = f"http://127.0.0.1:{self.port}"
                self.launch()
            elif serves_on(self.log.read_text(), self.port) and self.healthy():
                self.movable = False
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not start:\n{self.log.read_text()[-3000:]}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """A hard stop, as a crash or a pulled plug of the process would be."""
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        _end(self.proc, 15)

    def cpu_seconds(self) -> float:
        assert self.proc is not None
        return _cpu_seconds(self.proc.pid)

    def rss_mb(self) -> float:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def _end(proc: subprocess.Popen[bytes], patience: float) -> None:
    """SIGTERM to the process's group, SIGKILL after ``patience`` seconds; always reaped."""
    try:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=patience)
    except subprocess.TimeoutExpired:
        pass
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# -- HAProxy ---------------------------------------------------------------------------------


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None
    )
    if found is None:
        raise ClusterError(
            "HAProxy is not installed: apt-get install -y haproxy (Debian's package)"
        )
    return found


_REPLICAS = re.compile(r"(?ms)^(\s*)# -- replicas\b.*?\n.*?^\s*# -- end of replicas --[^\n]*")


def haproxy_config(
    template: str, *, bind: str, replicas: list[tuple[str, int]], stats_socket: Path
) -> str:
    """``deploy/haproxy.cfg`` for this machine: HAProxy logs to its stdout, its stats socket
    lies in the cluster's folder, it runs as the user who started it (no ``user``, ``group``
    or ``chroot``), it listens on ``bind``, and the block of ``server`` lines becomes one line
    per replica (name, port on 127.0.0.1). Nothing else changes."""

    def one(pattern: str, replacement: str, text: str) -> str:
        out, n = re.subn(pattern, replacement, text, count=1, flags=re.M)
        if n != 1:
            raise ClusterError(f"{HAPROXY_CFG.name}: no line matching {pattern!r} to rewrite")
        return out

    text = one(r"^(\s*)log /dev/log .*$", r"\1log stdout format raw local0", template)
    for setting in ("user", "group", "chroot"):
        text = one(rf"^\s*{setting} \S+\n", "", text)
    text = one(
        r"^(\s*)stats socket \S+ (.*?)\s*(#.*)?$", rf"\1stats socket {stats_socket} \2", text
    )
    text = one(r"^(\s*)bind :80\b.*$", rf"\1bind {bind}", text)
    m = _REPLICAS.search(text)
    if m is None:
        raise ClusterError(f"{HAPROXY_CFG.name}: the '# -- replicas' block is missing")
    indent = m.group(1)
    servers = "".join(
        f"{indent}server {name} 127.0.0.1:{port} cookie {name}\n" for name, port in replicas
    )
    block = f"{indent}# -- replicas ({len(replicas)}, written by make cluster) --\n{servers}"
    return text[: m.start()] + block + f"{indent}# -- end of replicas --" + text[m.end() :]


class Cluster:
    """N replicas over one PostgreSQL database behind HAProxy, on this machine.

    ``with Cluster(2, url, workdir) as cluster:`` starts it; ``cluster.url`` is the balancer,
    ``cluster.replicas`` the app processes (``r1`` ... ``rN``, each killable)."""

    def __init__(
        self,
        replicas: int,
        database_url: str,
        workdir: Path,
        port: int | None = None,
        host: str = "127.0.0.1",
        env: dict[str, str] | None = None,
    ) -> None:
        if replicas < 1:
            raise ClusterError("a cluster needs at least one replica")
        if not database_url.startswith(("postgresql", "postgres:")):
            raise ClusterError(
                "a cluster shares one PostgreSQL database: set DATABASE_URL, for example "
                "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test make cluster REPLICAS=2 "
                "(an SQLite file belongs to one process; make run uses it)"
            )
        self.count = replicas
        self.database_url = database_url
        self.workdir = workdir
        self.host = host
        self.port = port if port is not None else free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            "DATABASE_URL": database_url,
            # one secret for every replica: a signed cookie of one is valid on the others
            "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get(
                "STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32)
            ),
            **(env or {}),
        }
        self.replicas: list[AppServer] = []
        self.haproxy: subprocess.Popen[bytes] | None = None
        self.socket = workdir / "haproxy.sock"
        self.config = workdir / "haproxy.cfg"
        self.haproxy_log = workdir / "haproxy.log"

    # -- life -------------------------------------------------------------------------------

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        binary = haproxy_binary()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._prepare_database()
        try:
            names = [f"r{i}" for i in range(1, self.count + 1)]
            for name in names:  # started together, then waited for
                log = self.workdir / f"{name}.log"
                log.write_text("")
                server = AppServer(
                    self.env, log, address="127.0.0.1", name=f"replica {name}", start=False
                )
                server.launch()
                self.replicas.append(server)
            for server in self.replicas:
                server.wait_healthy()
            self.config.write_text(
                haproxy_config(
                    HAPROXY_CFG.read_text(),
                    bind=f"{self.host}:{self.port}",
                    replicas=[(n, s.port) for n, s in zip(names, self.replicas, strict=True)],
                    stats_socket=self.socket,
                )
            )
            check = subprocess.run(
                [binary, "-c", "-q", "-f", str(self.config)], capture_output=True, text=True
            )
            if check.returncode:
                raise ClusterError(f"HAProxy refused {self.config}:\n{check.stderr}")
            with self.haproxy_log.open("w") as out:
                self.haproxy = subprocess.Popen(
                    [binary, "-db", "-f", str(self.config)],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_tied(),
                )
            self.wait_all_up()
        except BaseException:
            self.stop()
            raise

    def _prepare_database(self) -> None:
        """Migrate the schema to its head, once, and divide PostgreSQL's connections between
        the replicas: each may hold up to ``SBSMI_DB_POOL_SIZE + SBSMI_DB_MAX_OVERFLOW``, and
        together they must stay within ``max_connections`` (less the superuser's reserve and
        ten for everyone else). One engine for both."""
        from assessment.storage import MAX_OVERFLOW, POOL_SIZE, make_engine

        try:
            engine = make_engine(self.database_url)
        except Exception as exc:
            detail = " ".join(str(exc).split())[:300]
            raise ClusterError(f"PostgreSQL at DATABASE_URL: {detail}") from exc
        try:
            with engine.connect() as conn:
                allowed = int(conn.exec_driver_sql("SHOW max_connections").scalar_one())
                reserved = int(
                    conn.exec_driver_sql("SHOW superuser_reserved_connections").scalar_one()
                )
        finally:
            engine.dispose()
        each = (allowed - reserved - 10) // self.count
        if each < 5:
            raise ClusterError(
                f"PostgreSQL allows {allowed} connections: too few for {self.count} replicas "
                "(each needs at least 5); raise max_connections or start fewer replicas"
            )
        pool = min(POOL_SIZE, each)
        self.env.setdefault("SBSMI_DB_POOL_SIZE", str(pool))
        self.env.setdefault("SBSMI_DB_MAX_OVERFLOW", str(min(MAX_OVERFLOW, each - pool)))

    def stop(self) -> None:
        """Stop the balancer and every replica (each one, whatever happens to another)."""
        children = [self.haproxy] + [r.proc for r in self.replicas]
        for proc in children:
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(Exception):
                    _end(proc, 10)

    # -- what HAProxy sees ------------------------------------------------------------------

    def server_states(self, column: str = "status") -> dict[str, str]:
        """Each replica's state in HAProxy (``UP``, ``DOWN``, ...; or another column of
        ``show stat``, such as ``check_status``), from its stats socket."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
        return {
            row["svname"]: row[column]
            for row in rows
            if row.get("pxname") == "replicas" and row["svname"] not in ("BACKEND", "FRONTEND")
        }

    def wait_all_up(self, timeout: float = 30) -> None:
        """Until HAProxy's own health check has passed on every replica (HAProxy starts
        them as up before its first check: that alone proves nothing)."""
        deadline = time.monotonic() + timeout
        checks: dict[str, str] = {}
        while time.monotonic() < deadline:
            if self.haproxy is not None and self.haproxy.poll() is not None:
                raise ClusterError(f"HAProxy stopped:\n{self.haproxy_log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                checks = self.server_states("check_status")
                if len(checks) == self.count and all(c.startswith("L7OK") for c in checks.values()):
                    return
            time.sleep(0.2)
        raise ClusterError(f"HAProxy's health check did not pass on every replica: {checks}")

    def replica(self, name: str) -> AppServer:
        return self.replicas[int(name.lstrip("r")) - 1]

    def haproxy_cpu_seconds(self) -> float:
        assert self.haproxy is not None
        return _cpu_seconds(self.haproxy.pid)


def _shown_address(host: str, port: int) -> str:
    """The address to open (and to put on the projector): this machine's address in the
    network when HAProxy listens on every interface."""
    if host not in ("0.0.0.0", "", "::"):
        return f"http://{host}:{port}"
    from streamlit import net_util

    return f"http://{net_util.get_internal_ip() or 'localhost'}:{port}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2, help="app processes (about one a core)")
    ap.add_argument("--port", type=int, default=8501, help="the balancer's port")
    ap.add_argument(
        "--host", default="0.0.0.0", help="the balancer's address (default: every interface)"
    )
    ap.add_argument("--workdir", type=Path, default=None, help="logs and HAProxy's config")
    args = ap.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sbsmi-cluster-"))

    class Stop(Exception):
        pass

    def _stop(*_: object) -> None:
        raise Stop

    # from the start: a Ctrl-C, a kill or a closed terminal while the replicas are starting
    # stops what has started (and the children die with this process in any case)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _stop)
    try:
        cluster = Cluster(args.replicas, url, workdir, port=args.port, host=args.host)
        cluster.start()
    except (ClusterError, RuntimeError) as exc:
        print(f"make cluster: {exc}", file=sys.stderr)
        return 2
    except Stop:
        return 0
    print(
        f"SBSMI scan: {args.replicas} replicas behind HAProxy at "
        f"{_shown_address(args.host, args.port)}\n"
        f"  logs and HAProxy's config: {workdir}\n  Ctrl-C stops the cluster.",
        flush=True,
    )
    restarting: dict[int, float] = {}  # replica index -> when its restart gives up
    try:
        while True:
            time.sleep(1)
            if cluster.haproxy is not None and cluster.haproxy.poll() is not None:
                print(f"HAProxy stopped: see {cluster.haproxy_log}", file=sys.stderr)
                return 1
            # as systemd's Restart=always on a server: a replica that died is started again
            # (without waiting here), and one that does not come up in time is killed and
            # tried once more
            for i, server in enumerate(cluster.replicas):
                if i in restarting:
                    if server.healthy():
                        print(f"{server.name} is back", flush=True)
                        del restarting[i]
                    elif time.monotonic() > restarting[i]:
                        server.kill()
                if not server.alive():
                    print(f"{server.name} stopped; starting it again", flush=True)
                    server.launch()
                    restarting[i] = time.monotonic() + 90
    except Stop:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
