"""CLI input refused before any work (no Neo4j needed: the database is replaced by stubs that
fail the test if reached), and an unexpected failure while loading reported in one clear line."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from service.cli import database as cli_database
from service.cli import main
from service.cli.errors import EXIT_INVALID_INPUT

PERSON = json.dumps({"kind": "person", "id": "p1", "name": "A"}) + "\n"


@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a command gets as far as opening the database."""

    def refuse(settings: Any) -> Any:
        raise AssertionError("the database was opened")

    monkeypatch.setattr(cli_database, "open_database", refuse)


@pytest.mark.parametrize("top", ["-1", "0"])
def test_analyze_top_below_one_is_refused_by_click(no_database: None, top: str) -> None:
    done = CliRunner().invoke(main, ["analyze", "--topic", "t", "--top", top])
    assert done.exit_code == 2, done.output
    assert "--top" in done.output
    assert "1<=x" in done.output or ">=1" in done.output


def test_a_rejects_file_in_a_missing_folder_is_refused_before_loading(
    no_database: None, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ndjson"
    feed.write_text(PERSON)
    rejects = tmp_path / "missing" / "rejects.ndjson"
    done = CliRunner().invoke(
        main, ["load", str(feed), "--skip-invalid", "--rejects", str(rejects)]
    )
    assert done.exit_code == EXIT_INVALID_INPUT, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert f"cannot create the rejects file {rejects} (--rejects)" in done.output
    assert "nothing written" in done.output
    assert not rejects.parent.exists()


def test_an_unusable_default_rejects_file_is_refused_before_loading(
    no_database: None, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ndjson"
    feed.write_text(PERSON)
    (tmp_path / "feed.ndjson.rejects.ndjson").mkdir()  # where the default file would go
    done = CliRunner().invoke(main, ["load", str(feed), "--skip-invalid"])
    assert done.exit_code == EXIT_INVALID_INPUT, done.output
    assert "default rejects file of --skip-invalid" in done.output
    assert "--rejects PATH" in done.output


def test_a_usable_rejects_file_is_checked_without_leaving_a_file(
    no_database: None, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ndjson"
    feed.write_text(PERSON)
    rejects = tmp_path / "rejects.ndjson"
    done = CliRunner().invoke(
        main, ["load", str(feed), "--skip-invalid", "--rejects", str(rejects)]
    )
    # The check passed and the load went on to the (stubbed) database.
    assert "AssertionError: the database was opened" in done.output
    assert not rejects.exists()


def test_an_unexpected_error_while_loading_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    @contextlib.asynccontextmanager
    async def fake_database(settings: Any) -> AsyncIterator[object]:
        yield object()

    async def failing_load(*args: Any, **kwargs: Any) -> Any:
        raise OverflowError("Python int too large to convert to C long")

    monkeypatch.setattr(cli_database, "open_database", fake_database)
    monkeypatch.setattr("service.ingest.loader.load", failing_load)
    feed = tmp_path / "feed.ndjson"
    feed.write_text(PERSON)

    done = CliRunner().invoke(main, ["load", str(feed)])

    assert done.exit_code == 1
    assert isinstance(done.exception, SystemExit), done.exception
    assert "Traceback" not in done.output
    assert (
        "error: the load stopped on an unexpected error after 0 records were written: "
        "OverflowError: Python int too large to convert to C long -- batches already "
        "committed stay" in done.output
    )
