"""The pages ordered by a component: one query file each, the same but for the property, each
with the index it reads."""

from __future__ import annotations

import pytest

from service.analytics.scoring import RANKED_COMPONENTS
from service.db.influence import COMPONENT_PAGES, ORDER_KEYS
from service.settings import PROJECT_ROOT

CYPHER = PROJECT_ROOT / "cypher"


def test_every_order_but_score_has_its_page_query() -> None:
    assert set(COMPONENT_PAGES) == set(ORDER_KEYS) - {"score"} == set(RANKED_COMPONENTS)


@pytest.mark.parametrize("component", sorted(COMPONENT_PAGES))
def test_the_page_queries_differ_only_by_their_property(component: str) -> None:
    reference = (CYPHER / "influence" / "page_by_authority.cypher").read_text(encoding="utf-8")
    text = (CYPHER / f"{COMPONENT_PAGES[component]}.cypher").read_text(encoding="utf-8")
    assert text.count(f"{component}Rank") >= 5
    assert text.replace(component, "authority") == reference


@pytest.mark.parametrize("component", sorted(COMPONENT_PAGES))
def test_each_component_rank_has_its_index(component: str) -> None:
    wanted = f"ON (r.topic, r.jobId, r.{component}Rank)"
    indexes = [
        f for f in (CYPHER / "constraints").glob("*.cypher") if wanted in f.read_text("utf-8")
    ]
    assert len(indexes) == 1, wanted
