"""A campaign shortlist: from a brief, k eligible people by score (SCORE), by expected joint
spread under the independent-cascade model (SPREAD, CELF) or by a blend of both (BALANCED),
with each pick's marginal gain, the set's spread beside the SCORE set's, and the audience
overlap between picks. See docs/shortlist.md."""

from __future__ import annotations

from dataclasses import dataclass

from service.campaigns.brief import Brief, BriefError, Candidate, Strategy, eligible, merge_topics
from service.campaigns.celf import Pick, celf, sequential
from service.campaigns.spread import SAMPLES, SEED, Cascade, TopicGraph, engagers, topic_graph
from service.db.database import Database
from service.db.shortlist import influence_edges, scored_people, topic_statuses

# The spread search considers the top k by score and the MAX_SEARCH eligible people who
# activate most engagers directly (docs/shortlist.md).
MAX_SEARCH = 500
SPREAD_WEIGHT = {Strategy.SCORE: 0.0, Strategy.SPREAD: 1.0, Strategy.BALANCED: 0.5}


class UnknownTopic(LookupError):
    def __init__(self, topic: str) -> None:
        super().__init__(topic)
        self.topic = topic


class TopicNotAnalysed(LookupError):
    def __init__(self, topic: str) -> None:
        super().__init__(topic)
        self.topic = topic


@dataclass(frozen=True)
class ShortlistPick:
    candidate: Candidate
    position: int  # 1 for the first pick
    marginal_gain: float  # expected people reached beyond the earlier picks
    engagers: int  # direct engagers on the brief's topics
    reason: str


@dataclass(frozen=True)
class Shortlist:
    strategy: Strategy
    k: int
    eligible: int
    considered: int
    picks: list[ShortlistPick]
    expected_spread: float
    score_expected_spread: float
    overlap: list[list[int]]
    warning: str | None
    samples: int
    seed: int


async def _candidates(db: Database, brief: Brief) -> tuple[list[Candidate], TopicGraph]:
    topics = list(dict.fromkeys(brief.topics))
    for topic, (exists, scored) in (await topic_statuses(db, topics)).items():
        if not exists:
            raise UnknownTopic(topic)
        if scored == 0:
            raise TopicNotAnalysed(topic)
    people = eligible(brief, merge_topics(await scored_people(db, topics)))
    graph = topic_graph(await influence_edges(db, topics), [c.person for c in people])
    return people, graph


def _search_pool(graph: TopicGraph, people: list[Candidate], k: int) -> list[Candidate]:
    """The top k by score and the MAX_SEARCH best by first-hop spread, in score order."""
    hop = graph.first_hop()
    best = sorted(range(len(people)), key=lambda i: -hop[graph.index[people[i].person]])
    keep = set(range(k)) | set(best[:MAX_SEARCH])
    return [people[i] for i in sorted(keep)]


def _reason(strategy: Strategy, pick: Pick | None, c: Candidate) -> str:
    roles = ", ".join(c.roles) or "participant"
    what = f"score {c.score:.3f} on {c.topic} (roles: {roles}; relevance {c.relevance:.2f})"
    if strategy is Strategy.SCORE or pick is None:
        return f"among the best scores: {what}"
    if strategy is Strategy.SPREAD and pick.objective == 0.0:
        return f"the SCORE set spread at least as far as the greedy one; {what}"
    if strategy is Strategy.SPREAD:
        return f"largest marginal spread when picked ({pick.gain:.1f} people); {what}"
    return f"best blend of marginal spread ({pick.gain:.1f} people) and score; {what}"


def _overlap(graph: TopicGraph, nodes: list[int]) -> list[list[int]]:
    reached = engagers(graph)
    sets = [reached.get(v, set()) for v in nodes]
    return [[len(a & b) for b in sets] for a in sets]


async def shortlist(
    db: Database, brief: Brief, samples: int = SAMPLES, seed: int = SEED
) -> Shortlist:
    """The brief's shortlist; BriefError, UnknownTopic or TopicNotAnalysed when refused."""
    brief.validate()
    people, graph = await _candidates(db, brief)
    k = min(brief.k, len(people))
    cascade = Cascade(graph, samples, seed)
    pool = _search_pool(graph, people, k)
    nodes = [graph.index[c.person] for c in pool]
    by_score = nodes[:k]
    score_gains = sequential(cascade, by_score)
    if brief.strategy is Strategy.SCORE:
        chosen = [Pick(v, g, 0.0) for v, g in zip(by_score, score_gains, strict=True)]
    else:
        scores = [c.score for c in pool]
        chosen = celf(cascade, nodes, scores, k, SPREAD_WEIGHT[brief.strategy])
        if brief.strategy is Strategy.SPREAD and sum(p.gain for p in chosen) < sum(score_gains):
            # Greedy is within 1 - 1/e of the best set, not always above another set: never
            # answer a SPREAD set that spreads less than the SCORE set on the same samples.
            chosen = [Pick(v, g, 0.0) for v, g in zip(by_score, score_gains, strict=True)]
    person_of = {graph.index[c.person]: c for c in pool}
    reached = engagers(graph)
    picks = [
        ShortlistPick(
            candidate=person_of[p.node],
            position=i + 1,
            marginal_gain=p.gain,
            engagers=len(reached.get(p.node, ())),
            reason=_reason(brief.strategy, p, person_of[p.node]),
        )
        for i, p in enumerate(chosen)
    ]
    warning = None
    if brief.k > len(people):
        warning = (
            f"Only {len(people)} people meet the brief: all of them are listed (k = {brief.k})."
        )
    return Shortlist(
        strategy=brief.strategy,
        k=brief.k,
        eligible=len(people),
        considered=len(pool),
        picks=picks,
        expected_spread=sum(p.gain for p in chosen),
        score_expected_spread=sum(score_gains),
        overlap=_overlap(graph, [p.node for p in chosen]),
        warning=warning,
        samples=samples,
        seed=seed,
    )


__all__ = [
    "BriefError",
    "Shortlist",
    "ShortlistPick",
    "TopicNotAnalysed",
    "UnknownTopic",
    "shortlist",
]
