"""The detractor rule (service/alerts/detractors.py) over hand-built negative-act rows: who
emerges and on which day, prior negativity suppressing it, too few days or acts or too little
weight, the thresholds' boundaries, one emergence per run, and the episode's extent."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from service.alerts.detractors import DetractorRules, emergences

FIRST = date(2026, 1, 1)
DAY = FIRST + timedelta(days=60)
RULES = DetractorRules(window_days=7, min_acts=5, min_days=2, min_weight=7.5,
                       baseline_days=28, min_history=7, quiet=2)  # fmt: skip


def rows(actor: str, day: date, n: int, weight: float = 1.0, topic: str = "energy",
         tag: str = "") -> list[dict[str, Any]]:  # fmt: skip
    return [{"topic": topic, "day": day.isoformat(), "actor": actor, "weight": weight,
             "interaction": f"{actor}-{topic}-{day}-{tag}{k}", "community": "c1"}
            for k in range(n)]  # fmt: skip


def found(acts: list[dict[str, Any]], rules: DetractorRules = RULES,
          end: date = DAY + timedelta(days=30)) -> list[tuple[str, str, date]]:  # fmt: skip
    return [(e.topic, e.person, e.start) for e in emergences(acts, FIRST, end, rules)]


def test_a_newcomer_emerges_on_the_day_the_rule_first_holds() -> None:
    acts = rows("p", DAY, 4) + rows("p", DAY + timedelta(days=2), 4)
    assert found(acts) == [("energy", "p", DAY + timedelta(days=2))]
    (e,) = emergences(acts, FIRST, DAY + timedelta(days=30), RULES)
    assert (e.window_acts, e.window_weight, e.volume) == (8, 8.0, 8.0)
    assert e.last == DAY + timedelta(days=2)
    assert len(e.evidence) == 8
    assert e.community == "c1"
    assert e.severity(RULES) == round(8 / 7.5, 2)


def test_one_day_is_enough_when_min_days_is_one() -> None:
    one_day = DetractorRules(**{**RULES.__dict__, "min_days": 1})
    assert found(rows("p", DAY, 8), one_day) == [("energy", "p", DAY)]


def test_too_few_days_acts_or_weight_raise_nothing() -> None:
    assert found(rows("p", DAY, 20)) == []  # one day, two wanted
    assert found(rows("p", DAY, 2) + rows("p", DAY + timedelta(days=1), 2, 2.0)) == []  # 4 acts
    assert found(rows("p", DAY, 3) + rows("p", DAY + timedelta(days=1), 3)) == []  # weight 6
    spread = rows("p", DAY, 4) + rows("p", DAY + timedelta(days=7), 4)  # 8 days apart
    assert found(spread) == []


@pytest.mark.parametrize(
    ("acts", "weight", "raised"),
    [(5, 1.5, True), (5, 1.49, False), (4, 2.0, False), (8, 1.0, True), (7, 1.0, False)],
)
def test_threshold_boundaries(acts: int, weight: float, raised: bool) -> None:
    first_day = rows("p", DAY, acts - 1, weight)
    second = rows("p", DAY + timedelta(days=6), 1, weight)  # the window's last day
    assert bool(found(first_day + second)) is raised


def test_prior_negativity_toward_the_brand_suppresses() -> None:
    burst = rows("p", DAY, 4) + rows("p", DAY + timedelta(days=1), 4)
    # One negative act on another topic, 20 days before the window: not a newcomer.
    prior = rows("p", DAY - timedelta(days=20), 1, topic="transport")
    assert found(burst + prior) == []
    # The baseline is the 28 days before the window (DAY-33 .. DAY-6 for the window DAY-5 ..
    # DAY+1): an act 34 days before DAY is outside it; one 33 days before is inside, and
    # leaves it a day later, when the burst is still in the window.
    at_34 = rows("p", DAY - timedelta(days=34), 1, topic="transport")
    at_33 = rows("p", DAY - timedelta(days=33), 1, topic="transport")
    assert found(burst + at_34) == [("energy", "p", DAY + timedelta(days=1))]
    assert found(burst + at_33) == [("energy", "p", DAY + timedelta(days=2))]
    # Someone else's negativity does not count against them.
    assert found(burst + rows("q", DAY - timedelta(days=20), 1)) == [
        ("energy", "p", DAY + timedelta(days=1))
    ]


def test_one_emergence_per_run_and_a_new_one_only_after_a_quiet_baseline() -> None:
    days = [DAY + timedelta(days=k) for k in range(5)]  # five days of acts: one run
    acts = [r for d in days for r in rows("p", d, 3)]
    assert found(acts) == [("energy", "p", DAY + timedelta(days=2))]  # weight 9 >= 7.5
    # Back 10 days later: the earlier acts are in the baseline, nothing new.
    again = rows("p", DAY + timedelta(days=14), 4) + rows("p", DAY + timedelta(days=15), 4)
    assert found(acts + again, end=DAY + timedelta(days=90)) == found(acts)
    # Back after a whole quiet baseline: a second emergence.
    later = DAY + timedelta(days=4 + 28 + 7 + 1)
    back = rows("p", later, 4) + rows("p", later + timedelta(days=1), 4)
    assert found(acts + back, end=DAY + timedelta(days=120)) == [
        ("energy", "p", DAY + timedelta(days=2)), ("energy", "p", later + timedelta(days=1))
    ]  # fmt: skip


def test_the_episode_runs_while_acts_are_at_most_quiet_days_apart() -> None:
    acts = rows("p", DAY, 4) + rows("p", DAY + timedelta(days=1), 4)
    acts += rows("p", DAY + timedelta(days=3), 1) + rows("p", DAY + timedelta(days=5), 2)
    acts += rows("p", DAY + timedelta(days=9), 1)  # 4 days after: not the episode's
    (e,) = emergences(acts, FIRST, DAY + timedelta(days=30), RULES)
    assert e.last == DAY + timedelta(days=5)
    assert e.volume == 11.0
    assert len(e.evidence) == 11


def test_each_topic_is_its_own_and_one_interaction_counts_once() -> None:
    burst = rows("p", DAY, 4) + rows("p", DAY + timedelta(days=1), 4)
    twice = burst + burst  # the same interactions read twice
    other = rows("p", DAY, 4, topic="t2") + rows("p", DAY + timedelta(days=1), 4, topic="t2")
    assert found(twice) == found(burst)
    assert found(burst + other) == [("energy", "p", DAY + timedelta(days=1)),
                                    ("t2", "p", DAY + timedelta(days=1))]  # fmt: skip


def test_days_without_enough_history_or_past_the_end_are_not_judged() -> None:
    early = rows("p", FIRST + timedelta(days=3), 4) + rows("p", FIRST + timedelta(days=4), 4)
    assert found(early) == []  # their window starts before 7 days of baseline exist
    assert found(rows("p", DAY, 4) + rows("p", DAY + timedelta(days=1), 4), end=DAY) == []


def test_settings_refuse_more_days_than_the_window_holds() -> None:
    from pydantic import ValidationError

    from service.settings import Settings

    with pytest.raises(ValidationError, match="DETRACTOR_MIN_DAYS"):
        Settings(detractor_window_days=3, detractor_min_days=4)
    assert Settings(detractor_window_days=3, detractor_min_days=3).detractor_min_days == 3
