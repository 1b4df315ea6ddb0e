"""Campaign reports computed once and read many times: `results` answers from the stored
report while no write has changed what it counts since, and otherwise computes it
(service/campaigns/results.py) and stores it.

A report is stale after any write that can change its figures, and each of those marks the
campaigns concerned (`service/db/campaign_reports.py`, in the change's own transaction where
the change is one): a load (service/campaigns/announce.py: the campaigns whose
windows and topics or brand it touched, and every campaign of a brand whose representatives it
changed), `updateCampaign`, `enlist`, `withdraw`, and an erasure (every campaign). A report
computed while such a write lands is not stored (its version moved on). People's names are
read fresh each time (a renamed person is not a change of figures), and an influencer erased
since the report was stored is left out at once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from service.campaigns.campaigns import Campaign
from service.campaigns.results import Day, Figures, InfluencerResult, Results, campaign_results
from service.db import campaign_reports as reports_db
from service.db.database import Database
from service.db.people import people_by_ids


async def results(db: Database, campaign: Campaign) -> Results:
    stored = await reports_db.read(db, campaign.id)
    version = int(stored["version"]) if stored else 0
    if stored and stored["report"] is not None and stored["reportOf"] == version:
        found = _loaded(json.loads(str(stored["report"])))
    else:
        found = await campaign_results(db, campaign)
        await reports_db.write(db, campaign.id, version, json.dumps(_dumped(found)))
    return await _named(db, found)


async def _named(db: Database, found: Results) -> Results:
    people = await people_by_ids(db, [i.person for i in found.influencers])
    influencers = [replace(i, name=people[i.person].name)
                   for i in found.influencers if i.person in people]  # fmt: skip
    return replace(found, influencers=influencers)


def _dumped(found: Results) -> dict[str, Any]:
    out = asdict(found)
    for name in ("since", "until", "baseline_since"):
        out[name] = getattr(found, name).isoformat()
    return out


def _loaded(data: dict[str, Any]) -> Results:
    return Results(
        since=datetime.fromisoformat(data["since"]),
        until=datetime.fromisoformat(data["until"]),
        baseline_since=datetime.fromisoformat(data["baseline_since"]),
        during=Figures(**data["during"]),
        baseline=Figures(**data["baseline"]),
        days=[Day(**d) for d in data["days"]],
        influencers=[InfluencerResult(**i) for i in data["influencers"]],
    )
