"""Provisioning: a second local server (own ports, own state) starts, restarts fast, stops clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from service.localdb.home import ProvisioningError
from service.localdb.server import LocalNeo4j
from service.settings import Settings
from tests.conftest import make_test_settings


def test_start_is_idempotent_and_stop_is_clean(neo4j_server: Settings, tmp_path: Path) -> None:
    bolt_port = neo4j_server.local_bolt_port + 100
    settings = make_test_settings(
        neo4j_uri=None,
        local_bolt_port=bolt_port,
        local_http_port=neo4j_server.local_http_port + 100,
        state_dir=tmp_path / "neo4j",
        local_heap="512m",
        neo4j_password=SecretStr("other-pass-1"),
    )
    server = LocalNeo4j(settings)
    assert not server.status().running
    try:
        first = server.start(echo=False)
        assert first.running
        assert first.answering
        second = server.start(echo=False)
        assert second.pid == first.pid  # the running server was found, not started again
        conf = (tmp_path / "neo4j" / "conf" / "neo4j.conf").read_text()
        assert f"server.bolt.listen_address=127.0.0.1:{bolt_port}" in conf
        assert "server.default_listen_address=127.0.0.1" in conf
        assert "db.lock.acquisition.timeout=60s" in conf  # Neo4j's own default: wait forever
    finally:
        assert server.stop(echo=False)
    assert not server.status().running
    assert not (tmp_path / "neo4j" / "neo4j.pid").exists()
    assert "Stopped." in (tmp_path / "neo4j" / "logs" / "console.log").read_text()


def test_start_refuses_a_taken_port(neo4j_server: object, tmp_path: Path) -> None:
    # The suite's own server holds the test Bolt port: a second server must not start there.
    settings = make_test_settings(neo4j_uri=None, state_dir=tmp_path / "neo4j")
    with pytest.raises(ProvisioningError, match="LOCAL_BOLT_PORT"):
        LocalNeo4j(settings).start(echo=False)
