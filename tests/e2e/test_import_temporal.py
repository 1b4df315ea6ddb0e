"""`influence-graph import collegemsg|email-eu-temporal` on the real files of
../shared/datasets/temporal: what is loaded (messages, people, real time span), that a second
import loads nothing, and one clear error for a missing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.db.database import Database
from service.settings import Settings
from tests.e2e.test_cli import cli, env_for
from tests.e2e.test_load_cli import graph_state, on_graph

# data set, messages, people, first and last message (UTC): the published files' figures
EXPECTED = [
    ("collegemsg", 59_835, 1_899, "2004-04-15T14:56:01Z", "2004-10-26T07:52:22Z"),
    # times are seconds from 2003-10-01 (EMAIL_EU_ORIGIN); the last is 12,985,719 s later
    ("email-eu-temporal", 83_083, 816, "2003-10-01T00:00:00Z", "2004-02-28T07:08:39Z"),
]


def topic_span(settings: Settings, topic: str) -> dict[str, object]:
    async def read(db: Database) -> dict[str, object]:
        row = await db.read_one("test/topic_interaction_span", topic=topic)
        assert row is not None
        return dict(row)

    return on_graph(settings, read)


@pytest.mark.parametrize(("dataset", "messages", "people", "first", "last"), EXPECTED)
def test_a_timed_data_set_is_imported_once_with_its_real_times(
    empty_graph: Settings, dataset: str, messages: int, people: int, first: str, last: str
) -> None:
    done = cli("import", dataset, env=env_for(empty_graph))
    assert done.returncode == 0, done.stderr
    assert f"{messages:,} interactions" in done.stdout
    span = topic_span(empty_graph, dataset)
    assert span == {
        "interactions": messages,
        "people": people,
        "types": ["mention"],
        "first": first,
        "last": last,
    }
    state = graph_state(empty_graph)
    assert (state[0].people, state[0].interactions, state[0].topics) == (people, messages, 1)
    again = cli("import", dataset, env=env_for(empty_graph))
    assert again.returncode == 0, again.stderr
    assert "(0 new or changed)" in again.stdout
    assert graph_state(empty_graph) == state


@pytest.mark.parametrize("dataset", ["collegemsg", "email-eu-temporal", "timme"])
def test_a_missing_data_set_path_is_one_clear_error(
    empty_graph: Settings, tmp_path: Path, dataset: str
) -> None:
    missing = tmp_path / "nowhere"
    done = cli("import", dataset, str(missing), env=env_for(empty_graph))
    assert done.returncode == 1
    assert f"not found: {missing}" in done.stderr
    assert graph_state(empty_graph)[0].empty


def test_a_malformed_line_names_the_file_and_line(empty_graph: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "CollegeMsg.txt"
    broken.write_text("src dst time\n1 2 1082040961\n3 4 yesterday\n")
    done = cli("import", "collegemsg", str(broken), env=env_for(empty_graph))
    assert done.returncode == 1
    assert f"{broken}: data line 2" in done.stderr
    assert graph_state(empty_graph)[0].empty
