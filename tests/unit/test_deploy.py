"""make cluster's HAProxy configuration is deploy/haproxy.cfg with only its marked lines
rewritten; a cluster refuses what cannot work (no PostgreSQL)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from deploy import cluster
from deploy.cluster import (
    HAPROXY_CFG,
    AppServer,
    Cluster,
    ClusterError,
    free_port,
    haproxy_config,
    serves_on,
)


def test_make_cluster_rewrites_only_the_marked_lines() -> None:
    template = HAPROXY_CFG.read_text()
    out = haproxy_config(
        template,
        bind="127.0.0.1:9000",
        replicas=[("r1", 9001), ("r2", 9002), ("r3", 9003)],
        stats_socket=Path("/tmp/x/haproxy.sock"),
    )
    servers = [ln.strip() for ln in out.splitlines() if ln.strip().startswith("server ")]
    assert servers == [f"server r{i} 127.0.0.1:900{i} cookie r{i}" for i in (1, 2, 3)]
    assert "    bind 127.0.0.1:9000" in out.splitlines()
    assert "    log stdout format raw local0" in out.splitlines()
    assert "    stats socket /tmp/x/haproxy.sock mode 660 level admin" in out.splitlines()
    assert out.endswith("\n")
    # everything else (timeouts, stickiness, health checks) is the repository's file, as is
    assert not any(ln.split()[:1] in (["user"], ["group"], ["chroot"]) for ln in out.splitlines())
    changed = {"log", "stats", "bind", "server", "#", "user", "group", "chroot"}
    kept = [ln for ln in template.splitlines() if ln.split()[:1] and ln.split()[0] not in changed]
    assert kept == [
        ln for ln in out.splitlines() if ln.split()[:1] and ln.split()[0] not in changed
    ]
    for setting in (
        "cookie sbsmi_replica insert indirect nocache httponly",
        "http-check send meth GET uri /_stcore/health",
        "option redispatch 1",
        "timeout tunnel 2m",
    ):
        assert setting in out


def test_a_cluster_needs_postgresql(tmp_path: Path) -> None:
    with pytest.raises(ClusterError, match="PostgreSQL"):
        Cluster(2, f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    with pytest.raises(ClusterError, match="at least one"):
        Cluster(0, "postgresql://postgres@127.0.0.1/test", tmp_path)


def test_a_replica_whose_free_port_was_taken_starts_on_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of ``free_port``: another process binds the port before the app does (here a
    listening socket, which answers no health check). The app says so and stops; it is started
    again on another free port. A port the caller gave stays the caller's: taken, it is an
    error that names it."""
    env = {"SBSMI_DATA_DIR": str(tmp_path / "data")}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        ports = iter([port])  # the first free port is the taken one; then free ones again
        monkeypatch.setattr(cluster, "free_port", lambda: next(ports, None) or free_port())

        server = AppServer(env, tmp_path / "moved.log", address="127.0.0.1", start=False)
        assert server.port == port
        server.launch()
        try:
            server.wait_healthy()
            assert server.port != port
            assert server.url == f"http://127.0.0.1:{server.port}"
            assert server.healthy()
            assert f"Port {port} is not available" in (tmp_path / "moved.log").read_text()
        finally:
            server.stop()

        given = AppServer(env, tmp_path / "given.log", port=port, address="127.0.0.1", start=False)
        given.launch()
        with pytest.raises(RuntimeError, match=f"Port {port} is not available"):
            given.wait_healthy()
        assert not given.alive()


def test_a_health_check_answered_by_another_process_is_not_the_apps() -> None:
    """The port's health check answers for whoever holds it; the app's own output names the
    port it serves on."""
    banner = (
        "  You can now view your Streamlit app in your browser.\n\n  URL: http://127.0.0.1:8600\n"
    )
    assert serves_on(banner, 8600)
    assert not serves_on(banner, 860)
    assert not serves_on("2026-11-30 07:11:21 Port 8600 is not available\n", 8600)
