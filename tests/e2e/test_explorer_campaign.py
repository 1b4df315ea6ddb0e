"""The explorer's campaign page in headless Chromium on a real Neo4j: the analysed demo and its
campaign; every number the page draws (daily points, the shaded baseline, a bar per enlisted
person, the overlap heat map, the summary) is the API's."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.cli.demo import create_demo_campaign
from service.db.graph import wipe
from service.ingest.demo import generate
from service.ingest.loader import load_records
from service.settings import Settings
from tests.analysis import run_job
from tests.conftest import drop_gds_graphs
from tests.support.db import open_db
from tests.support.served import served

pytestmark = pytest.mark.neo4j
TOPIC = "climate"
RESULTS = """query($id: ID!) { campaign(id: $id) { results {
  during { mentions } byDay { day baseline mentions shares sentiment }
  byInfluencer { personId engagement } } } }"""
SHORTLIST = """query($brief: ShortlistBriefInput!) { campaignShortlist(brief: $brief) {
  overlap picks { personId } } }"""


async def _prepare(settings: Settings) -> list[str]:
    """The demo loaded and its campaign created the way `demo load` does it; climate analysed
    (the campaign's topics are climate and its subtopics)."""
    demo = generate(seed=7, people=1200)
    async with open_db(settings) as db:
        await wipe(db)
        await load_records(db, demo.records())
        await create_demo_campaign(db, demo.campaign)
        assert (await run_job(db, settings, TOPIC)).status == "succeeded"
    return demo.brand.officials


def _post(url: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables}, timeout=60
    )
    answer = response.json()
    assert "errors" not in answer, answer
    return dict(answer["data"])


def _chromium() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-sync",
                 "--disable-component-update", "--window-size=1300,2000"):  # fmt: skip
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def test_the_campaign_page_draws_the_apis_results_in_chromium(
    neo4j_server: Settings, artifacts_dir: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    drop_gds_graphs(neo4j_server)
    officials = asyncio.run(_prepare(neo4j_server))
    shot = artifacts_dir / "explorer-campaign.png"
    with served(neo4j_server) as url:
        results = _post(url, RESULTS, id="northwind-switch")["campaign"]["results"]
        brief = {"topics": [TOPIC], "k": 8, "strategy": "SPREAD", "excludedPeople": officials}
        shortlist = _post(url, SHORTLIST, brief=brief)["campaignShortlist"]
        driver = _chromium()
        try:
            driver.get(f"{url}/explorer/campaign.html?campaign=northwind-switch")
            WebDriverWait(driver, 60).until(
                lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready")
            )
            assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true"
            page = _read_page(driver)
            driver.save_screenshot(str(shot))
        finally:
            driver.quit()
    days = results["byDay"]
    assert len(days) == 28
    assert sum(d["baseline"] for d in days) == 14
    assert page["mentions"] == [(d["day"], d["mentions"]) for d in days]
    assert page["shares"] == [(d["day"], d["shares"]) for d in days]
    with_sentiment = [
        (d["day"], round(d["sentiment"], 6)) for d in days if d["sentiment"] is not None
    ]
    assert [(day, round(v, 6)) for day, v in page["sentiment"]] == with_sentiment
    # The shaded baseline is the 14 baseline days: it ends between the last baseline point
    # and the first campaign point.
    assert page["shade_days"] == 14
    baseline_x = [x for (day, x) in page["mentions_x"] if day < days[14]["day"]]
    campaign_x = [x for (day, x) in page["mentions_x"] if day >= days[14]["day"]]
    assert max(baseline_x) < page["shade_end"] < min(campaign_x)
    assert page["shade_start"] < min(baseline_x)
    # A bar per enlisted person, of their engagement; the tooltips say it.
    expected_bars = {r["personId"]: r["engagement"] for r in results["byInfluencer"]}
    assert len(expected_bars) == 6
    assert any(expected_bars.values())
    assert page["bars"] == expected_bars
    assert all(f"engagement {expected_bars[p]} " in t for p, t in page["bar_titles"].items())
    assert page["during_mentions"] == str(results["during"]["mentions"])
    # The heat map is the shortlist's overlap matrix, cell by cell.
    assert page["overlap"] == shortlist["overlap"]
    assert len(shortlist["picks"]) == 8
    assert not {p["personId"] for p in shortlist["picks"]} & set(officials)
    assert shot.stat().st_size > 20_000


def _read_page(driver: Any) -> dict[str, Any]:
    """What the page drew, read back from its SVG elements."""
    from selenium.webdriver.common.by import By

    def series(key: str) -> list[Any]:
        return list(driver.find_elements(By.CSS_SELECTOR, f'#daily g[data-series="{key}"] circle'))

    shade = driver.find_element(By.CSS_SELECTOR, "#daily rect.baseline-shade")
    shade_start = float(shade.get_attribute("x"))
    bars = driver.find_elements(By.CSS_SELECTOR, "#influencers rect.bar")
    cells = driver.find_elements(By.CSS_SELECTOR, "#overlap rect.cell")
    size = int(len(cells) ** 0.5)
    overlap = [[0] * size for _ in range(size)]
    for c in cells:
        overlap[int(c.get_attribute("data-i"))][int(c.get_attribute("data-j"))] = int(
            c.get_attribute("data-value")
        )
    return {
        "mentions": [
            (c.get_attribute("data-day"), int(c.get_attribute("data-value")))
            for c in series("mentions")
        ],
        "mentions_x": [
            (c.get_attribute("data-day"), float(c.get_attribute("cx"))) for c in series("mentions")
        ],
        "shares": [
            (c.get_attribute("data-day"), int(c.get_attribute("data-value")))
            for c in series("shares")
        ],
        "sentiment": [
            (c.get_attribute("data-day"), float(c.get_attribute("data-value")))
            for c in series("sentiment")
        ],
        "shade_days": int(shade.get_attribute("data-days")),
        "shade_start": shade_start,
        "shade_end": shade_start + float(shade.get_attribute("width")),
        "bars": {
            b.get_attribute("data-person"): int(b.get_attribute("data-engagement")) for b in bars
        },
        "bar_titles": {
            b.get_attribute("data-person"): driver.execute_script(
                "return arguments[0].querySelector('title').textContent", b
            )
            for b in bars
        },
        "during_mentions": driver.find_element(
            By.CSS_SELECTOR, '#summary tr[data-figure="mentions"] td.during'
        ).text,
        "overlap": overlap,
    }
