"""The demo campaign (service/ingest/demo/campaign.py), loaded and created the way
`influence-graph demo load` does it: every figure of its report equals an independent count in
Python over the generated records, and the campaign lifts mentions and shares of the brand's
accounts over a quieter baseline."""

from __future__ import annotations

import pytest

from service.campaigns.campaigns import get_campaign
from service.campaigns.results import campaign_results
from service.cli.demo import create_demo_campaign
from service.db.database import Database
from service.ingest.demo import generate
from service.ingest.loader import load_records
from tests.integration.test_campaign_results import results_as_dicts
from tests.support.campaign_reference import CampaignSpec, is_member, lift, report

pytestmark = pytest.mark.neo4j


async def test_the_demo_campaign_report_equals_an_independent_count(db: Database) -> None:
    demo = generate(seed=7, people=1200)
    await load_records(db, demo.records())
    await create_demo_campaign(db, demo.campaign)
    await create_demo_campaign(db, demo.campaign)  # a second load leaves it as it is
    c = demo.campaign
    campaign = await get_campaign(db, c.id)
    assert campaign is not None
    assert set(campaign.enlisted) == set(c.enlisted)
    spec = CampaignSpec(c.id, c.brand, c.since, c.until, c.topics, c.markers, tuple(c.enlisted))
    members = [i for i in demo.interactions if is_member(i, spec)]
    assert campaign.members == len(members) == len(c.interactions)

    res = await campaign_results(db, campaign)
    expected = report(demo.interactions, demo.brand.represents, spec)
    got = results_as_dicts(res)
    for window in ("during", "baseline"):  # means of floats: equal up to rounding
        assert got[window].pop("sentiment") == pytest.approx(expected[window].pop("sentiment"))
        voice = got[window].pop("shareOfVoice")
        assert voice == pytest.approx(expected[window].pop("shareOfVoice"))
        assert got[window] == expected[window]
    for day, want in zip(got["byDay"], expected["byDay"], strict=True):
        assert day.pop("sentiment") == pytest.approx(want.pop("sentiment"))
        assert day == want
    assert got["byInfluencer"] == expected["byInfluencer"]
    during, baseline = expected["during"], expected["baseline"]
    # A real campaign over a real, quieter baseline.
    assert baseline["mentions"] > 0
    assert baseline["shares"] > 0
    assert during["mentions"] >= 2 * baseline["mentions"]
    assert during["shares"] >= 2 * baseline["shares"]
    assert len(expected["byDay"]) == 28
    rows = expected["byInfluencer"]
    assert len(rows) == 6
    assert all(r["posts"] and r["engagement"] and r["newPeopleReached"] for r in rows)
    assert any(r["wentOnToBrand"] for r in rows)
    for figure in ("mentions", "shares", "replies", "interactions", "engaged"):
        assert res.lift(figure) == lift(during[figure], baseline[figure])
