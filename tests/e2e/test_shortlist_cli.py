"""`influence-graph campaign shortlist` as a user runs it."""

from __future__ import annotations

from pathlib import Path

from service.settings import Settings
from tests.e2e.test_cli import cli, env_for


def test_shortlist_prints_the_picks_and_refuses_bad_briefs(
    empty_graph: Settings, tmp_path: Path
) -> None:
    env = env_for(empty_graph, STATE_DIR=str(tmp_path / "neo4j"), COLUMNS="200")
    assert cli("demo", "load", "--people", "300", env=env).returncode == 0
    assert cli("analyze", "--topic", "health", "--top", "1", env=env).returncode == 0
    done = cli("campaign", "shortlist", "--topic", "health", "--k", "5", "--strategy", "SPREAD",
               env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "SPREAD shortlist: 5 of" in done.stdout
    assert "expected spread" in done.stdout
    picks = [line for line in done.stdout.splitlines() if " gain " in line]
    assert len(picks) == 5
    # Past the inline limit, the same brief is queued as a job and run here: the same answer.
    as_job = cli("campaign", "shortlist", "--topic", "health", "--k", "5", "--strategy",
                 "SPREAD", env={**env, "SHORTLIST_INLINE_MAX_EDGES": "0"})  # fmt: skip
    assert as_job.returncode == 0, as_job.stderr
    assert "(inline up to 0): run as a job" in as_job.stdout
    assert [line for line in as_job.stdout.splitlines() if " gain " in line] == picks
    assert done.stdout.splitlines()[-1] == as_job.stdout.splitlines()[-1]  # the spreads
    bad = cli("campaign", "shortlist", "--topic", "health", "--k", "0", env=env)
    assert bad.returncode == 1
    assert "brief.k" in bad.stderr
    bad_job = cli("campaign", "shortlist", "--topic", "health", "--k", "0", "--job", env=env)
    assert bad_job.returncode == 1
    assert "brief.k" in bad_job.stderr
    unknown = cli("campaign", "shortlist", "--topic", "nope", env=env)
    assert unknown.returncode == 1
    assert "nope" in unknown.stderr
