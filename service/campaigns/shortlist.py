"""A campaign shortlist: from a brief, k eligible people by score (SCORE), by expected joint
spread under the independent-cascade model (SPREAD, CELF) or by a blend of both (BALANCED),
with each pick's marginal gain, the set's spread beside the SCORE set's, and the audience
overlap between picks. See docs/shortlist.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.campaigns.brief import Brief, BriefError, Candidate, Strategy, eligible, merge_topics
from service.campaigns.celf import Pick, celf, sequential
from service.campaigns.spread import SAMPLES, SEED, Cascade, TopicGraph, engagers, topic_graph
from service.db.database import Database
from service.db.shortlist import edge_count, influence_edges, scored_people, topic_statuses

# The spread search considers the top k by score and the MAX_SEARCH eligible people who
# activate most engagers directly (docs/shortlist.md).
MAX_SEARCH = 500
SPREAD_WEIGHT = {Strategy.SCORE: 0.0, Strategy.SPREAD: 1.0, Strategy.BALANCED: 0.5}
# Told where a computation is: (stage, 0-1). A queued job reports it and checks for a
# cancellation in it (service/campaigns/shortlist_job.py).
Progress = Callable[[str, float], None]
SEARCH_FROM, SEARCH_TO = 0.35, 0.95  # the search's part of a shortlist's progress


def search_progress(done: float) -> float:
    """A shortlist's progress when its search is `done` (0-1) through."""
    return SEARCH_FROM + (SEARCH_TO - SEARCH_FROM) * done


class UnknownTopic(LookupError):
    def __init__(self, topic: str) -> None:
        super().__init__(topic)
        self.topic = topic


class TopicNotAnalysed(LookupError):
    def __init__(self, topic: str) -> None:
        super().__init__(topic)
        self.topic = topic


class NeedsJob(Exception):
    """A SPREAD or BALANCED brief too large to answer inline: its topics have more influence
    edges than the inline limit (settings.shortlist_inline_max_edges)."""

    def __init__(self, edges: int, limit: int) -> None:
        super().__init__(f"{edges} influence edges; the inline limit is {limit}")
        self.edges = edges
        self.limit = limit


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


@dataclass(frozen=True)
class Inputs:
    """What a shortlist is computed from: the brief, its eligible people, the topics' graph."""

    brief: Brief
    people: list[Candidate]
    graph: TopicGraph


def topics_of(brief: Brief) -> list[str]:
    return list(dict.fromkeys(brief.topics))


async def eligible_people(db: Database, brief: Brief) -> list[Candidate]:
    """The brief checked (BriefError, UnknownTopic, TopicNotAnalysed) and its eligible people,
    best score first; nothing is written."""
    brief.validate()
    topics = topics_of(brief)
    for topic, (exists, scored) in (await topic_statuses(db, topics)).items():
        if not exists:
            raise UnknownTopic(topic)
        if scored == 0:
            raise TopicNotAnalysed(topic)
    return eligible(brief, merge_topics(await scored_people(db, topics)))


async def search_size(db: Database, brief: Brief) -> int:
    """What the search's cost grows with: the topics' influence edges (docs/shortlist.md)."""
    return await edge_count(db, topics_of(brief))


async def load(db: Database, brief: Brief, people: list[Candidate]) -> Inputs:
    graph = topic_graph(await influence_edges(db, topics_of(brief)), [c.person for c in people])
    return Inputs(brief, people, graph)


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
    db: Database,
    brief: Brief,
    samples: int = SAMPLES,
    seed: int = SEED,
    inline_max_edges: int | None = None,
) -> Shortlist:
    """The brief's shortlist; BriefError, UnknownTopic or TopicNotAnalysed when refused, and
    NeedsJob for a SPREAD or BALANCED brief whose topics have more than `inline_max_edges`
    influence edges (None: no limit)."""
    people = await eligible_people(db, brief)
    if inline_max_edges is not None and brief.strategy is not Strategy.SCORE:
        edges = await search_size(db, brief)
        if edges > inline_max_edges:
            raise NeedsJob(edges, inline_max_edges)
    return compute(await load(db, brief, people), samples, seed)


def _choose(
    inputs: Inputs, cascade: Cascade, pool: list[Candidate], k: int, progress: Progress
) -> tuple[list[Pick], list[float]]:
    """The picks and the SCORE set's marginal gains (on the same samples)."""
    brief, graph = inputs.brief, inputs.graph
    nodes = [graph.index[c.person] for c in pool]
    by_score = nodes[:k]
    progress("score set", 0.3)
    score_gains = sequential(cascade, by_score)
    if brief.strategy is Strategy.SCORE:
        return [Pick(v, g, 0.0) for v, g in zip(by_score, score_gains, strict=True)], score_gains
    scores = [c.score for c in pool]
    chosen = celf(
        cascade, nodes, scores, k, SPREAD_WEIGHT[brief.strategy],
        progress=lambda done: progress("search", search_progress(done)),
    )  # fmt: skip
    if brief.strategy is Strategy.SPREAD and sum(p.gain for p in chosen) < sum(score_gains):
        # Greedy is within 1 - 1/e of the best set, not always above another set: never
        # answer a SPREAD set that spreads less than the SCORE set on the same samples.
        chosen = [Pick(v, g, 0.0) for v, g in zip(by_score, score_gains, strict=True)]
    return chosen, score_gains


def _quiet(stage: str, progress: float) -> None:
    """No progress to report (an inline answer)."""


def compute(
    inputs: Inputs, samples: int = SAMPLES, seed: int = SEED, progress: Progress = _quiet
) -> Shortlist:
    """The shortlist of loaded inputs (CPU only: a job runs it in a thread)."""
    brief, people, graph = inputs.brief, inputs.people, inputs.graph
    k = min(brief.k, len(people))
    progress("sampling", 0.0)
    cascade = Cascade(graph, samples, seed)
    pool = _search_pool(graph, people, k)
    chosen, score_gains = _choose(inputs, cascade, pool, k, progress)
    progress("overlap", SEARCH_TO)
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
    "Inputs",
    "NeedsJob",
    "Shortlist",
    "ShortlistPick",
    "TopicNotAnalysed",
    "UnknownTopic",
    "shortlist",
]
