"""Scores and roles of the people of a topic, from algorithm outputs and person signals.

The rules are documented in schema/scoring.md; the constants below are those rules.
Everything here is pure computation (no I/O), so it is unit-tested without a database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from service.db.signals import Signals, TemporalSignals

# The default blend that makes the score (0-100): each component as a share of the topic's
# highest value of it (negative values count 0), weighted, divided by the sum of the weights;
# led by resonance, then recency and authority. Chosen from the back-tests on CollegeMsg and
# email-Eu-core (docs/analytics.md, "The default blend"; bench/backtest.py CANDIDATES). An
# analysis may be given its own (AnalysisOptions.blend).
BLEND: dict[str, float] = {
    "authority": 0.15,
    "resonance": 0.45,
    "relevance": 0.10,
    "betweenness": 0.0,
    "reach": 0.05,
    "recency": 0.25,
    "momentum": 0.0,
    "engagers": 0.0,
}
COMPONENTS = (
    "authority", "resonance", "reach", "relevance", "betweenness", "community",
    "recency", "momentum", "engagers",
)  # fmt: skip
# The components a ranking may be ordered by besides the score: each gets a stored rank
# (`<component>Rank`, 1 = highest value, ties by person id) that an index serves pages from.
RANKED_COMPONENTS = tuple(c for c in COMPONENTS if c != "community")
# Centralities stored beside the components that a blend may weigh too.
BLENDABLE_CENTRALITIES = ("articleRank", "eigenvector", "authScore", "hubScore")
# What a blend may name: every component but community standing, and those centralities.
BLENDABLE = (*(c for c in COMPONENTS if c != "community"), *BLENDABLE_CENTRALITIES)
# Momentum's smoothing: one weighted interaction's worth, so a first small engagement is not
# at once the highest momentum there is.
MOMENTUM_SMOOTHING = 1.0
DEFAULT_RECENT_SHARE = 0.25
# The components that can go uncomputed: betweenness, outside the default set on big graphs.
UNCOMPUTED = frozenset({"betweenness"})
ROLE_ORDER = ("detractor", "ambassador", "opinion_leader", "macro", "bridge")
NO_ROLE = "participant"  # the role of someone none of ROLE_ORDER fits
# A sentiment below this counts as negative engagement.
NEGATIVE_BELOW = -0.2
DETRACTOR_MIN_NEGATIVE_SHARE = 0.5
DETRACTOR_MIN_RESONANCE_PCT = 75.0
DETRACTOR_MIN_RATED = 5
LEADER_MIN_AUTHORITY_PCT = 98.0
LEADER_MIN_RESONANCE_PCT = 80.0
LEADER_MIN_RELEVANCE = 0.5
AMBASSADOR_KINDS = ("employee", "customer")
AMBASSADOR_DECLARED_MIN_RESONANCE_PCT = 75.0
AMBASSADOR_MODEST_MAX_REACH_PCT = 50.0
AMBASSADOR_MODEST_MIN_RESONANCE_PCT = 90.0
AMBASSADOR_MIN_SENTIMENT = 0.25
MACRO_MIN_REACH_PCT = 98.0
BRIDGE_MIN_BETWEENNESS_PCT = 98.0

# Leaders stored per community (the API serves up to this many).
LEADERS_KEPT = 20


@dataclass(frozen=True)
class NodeValues:
    """What the algorithms computed for one person of the projection."""

    person: str
    values: Mapping[str, float]  # authority, inDegree, outDegree, betweenness, ...
    communities: Mapping[str, int]  # algorithm -> community number


@dataclass
class Scored:
    person: str
    components: dict[str, float]
    percentiles: dict[str, float]
    signals: dict[str, float | None]
    score: float = 0.0
    rank: int = 0
    roles: list[str] = field(default_factory=list)
    community: str | None = None
    community_size: int = 0
    component_ranks: dict[str, int] = field(default_factory=dict)
    # Components whose algorithm did not run (betweenness outside the default set): stored
    # as absent, read as null, never as a 0 that looks measured.
    uncomputed: frozenset[str] = frozenset()

    @property
    def role(self) -> str:
        return self.roles[0] if self.roles else NO_ROLE

    def properties(self) -> dict[str, object]:
        """The INFLUENCE_ON properties (topic, job id and time are added by the write)."""
        props: dict[str, object] = {
            "score": self.score,
            "rank": self.rank,
            "role": self.role,
            "roles": self.roles,
            "community": self.community,
            "communitySize": self.community_size,
            "communityStanding": self.components["community"],
        }
        for name in COMPONENTS:
            if name in self.uncomputed:
                continue
            if name != "community":
                props[name] = self.components[name]
            props[f"{name}Pct"] = self.percentiles[name]
        props.update({k: v for k, v in self.signals.items() if v is not None})
        props.update({f"{name}Rank": r for name, r in self.component_ranks.items()})
        return props


def percentiles(values: Sequence[float]) -> np.ndarray:
    """Percentile rank of each value within `values`, 0-100: the share of the others below it,
    ties counted half. The single highest value gets 100, the single lowest 0. Values equal to
    12 digits of the largest are ties: GDS sums in parallel, so two runs on the same graph can
    differ in the last bits, which must not move a percentile (nor a role read from one)."""
    arr = np.asarray(values, dtype=float)
    n = len(arr)
    if n == 0:
        return arr
    if n == 1:
        return np.array([100.0])
    top = float(np.max(np.abs(arr)))
    if top > 0 and math.isfinite(top):
        arr = np.round(arr / top, 12)
    ordered = np.sort(arr)
    below = np.searchsorted(ordered, arr, side="left")
    not_above = np.searchsorted(ordered, arr, side="right")
    ties_others = not_above - below - 1
    return 100.0 * (below + 0.5 * ties_others) / (n - 1)


def reach_of(s: Signals) -> float:
    """Audience, log-scaled: declared followers or FOLLOWS in-degree, whichever is larger."""
    return math.log10(1 + max(s.followers, s.followed_by))


def relevance_of(s: Signals) -> float:
    """Share of the person's activity in the window that is about the topic."""
    return min(1.0, s.on_topic / s.all_activity) if s.all_activity else 0.0


def momentum_of(t: TemporalSignals, recent_share: float) -> float:
    """(R - B) / (R + B + MOMENTUM_SMOOTHING), R and B the weighted engagement received in the
    window's last `recent_share` and in the part before, each per whole window at that part's
    pace (divided by its share of the window). Within (-1, 1): 0 without engagement or at a
    steady pace, towards 1 when it grows, towards -1 when it stops."""
    recent = t.recent / recent_share
    before = t.earlier / (1.0 - recent_share)
    return (recent - before) / (recent + before + MOMENTUM_SMOOTHING)


def raw_components(
    nodes: Sequence[NodeValues],
    sig: Sequence[Signals],
    temporal: Sequence[TemporalSignals],
    primary_community: str,
    recent_share: float,
) -> dict[str, list[float]]:
    """The raw value of every component and blendable centrality, per node in order."""
    raw = {
        "authority": [n.values.get("authority", 0.0) for n in nodes],
        "resonance": [n.values.get("inDegree", 0.0) for n in nodes],
        "reach": [reach_of(s) for s in sig],
        "relevance": [relevance_of(s) for s in sig],
        "betweenness": [n.values.get("betweenness", 0.0) for n in nodes],
        "community": _standing_in_community(nodes, primary_community),
        "recency": [t.recency for t in temporal],
        "momentum": [momentum_of(t, recent_share) for t in temporal],
        "engagers": [float(t.engagers) for t in temporal],
    }
    for name in BLENDABLE_CENTRALITIES:
        raw[name] = [n.values.get(name, 0.0) for n in nodes]
    return raw


def blend_scores(raw: Mapping[str, Sequence[float]], blend: Mapping[str, float]) -> list[float]:
    """The score (0-100) of each node: sum of weight x value / the topic's highest value of
    that component (negative values count 0), divided by the sum of the weights."""
    size = len(raw["authority"])
    total = sum(blend.values())
    sums = [0.0] * size
    for name, weight in blend.items():
        values = raw[name]
        top = max(max(values, default=0.0), 0.0)
        if weight <= 0 or top <= 0:
            continue
        for i, value in enumerate(values):
            sums[i] += weight * max(value, 0.0) / top
    return [round(100 * v / total, 6) if total > 0 else 0.0 for v in sums]


def score_people(
    nodes: Sequence[NodeValues],
    signals: Mapping[str, Signals],
    topic: str,
    primary_community: str,
    temporal: Mapping[str, TemporalSignals] | None = None,
    blend: Mapping[str, float] | None = None,
    recent_share: float = DEFAULT_RECENT_SHARE,
) -> list[Scored]:
    """Components, percentiles, blended score (`blend`, default BLEND), rank and roles of
    everyone in the projection."""
    if not nodes:
        return []
    empty, quiet = Signals(None, 0, 0, 0, 0, 0, None, 0, 0), TemporalSignals(0.0, 0.0, 0.0, 0)
    sig = [signals.get(n.person, empty) for n in nodes]
    timed = [(temporal or {}).get(n.person, quiet) for n in nodes]
    raw = raw_components(nodes, sig, timed, primary_community, recent_share)
    pct = {name: percentiles(raw[name]) for name in COMPONENTS}
    scores = blend_scores(raw, BLEND if blend is None else blend)
    sizes: dict[int, int] = {}
    for n in nodes:
        c = n.communities.get(primary_community)
        if c is not None:
            sizes[c] = sizes.get(c, 0) + 1
    numbers = _community_numbers(sizes)
    uncomputed = frozenset() if any("betweenness" in n.values for n in nodes) else UNCOMPUTED
    people: list[Scored] = []
    for i, (n, s) in enumerate(zip(nodes, sig, strict=True)):
        c = n.communities.get(primary_community)
        scored = Scored(
            person=n.person,
            components={name: float(raw[name][i]) for name in COMPONENTS},
            percentiles={name: round(float(pct[name][i]), 3) for name in COMPONENTS},
            signals=_signals_of(n, s),
            score=scores[i],
            community=(f"{topic}/{primary_community}/{numbers[c]}" if c is not None else None),
            community_size=sizes.get(c, 0) if c is not None else 0,
            uncomputed=uncomputed,
        )
        scored.roles = roles_of(scored, s)
        people.append(scored)
    people.sort(key=lambda p: (-p.score, p.person))
    for rank, p in enumerate(people, start=1):
        p.rank = rank
    rank_components(people)
    return people


def rank_components(people: Sequence[Scored]) -> None:
    """Each person's rank by every RANKED_COMPONENTS value: highest first, ties by person id
    (the order a page by that component reads)."""
    ids = np.array([p.person for p in people])
    by_id = np.argsort(ids, kind="stable")
    for name in RANKED_COMPONENTS:
        values = np.array([p.components[name] for p in people], dtype=float)[by_id]
        order = by_id[np.argsort(-values, kind="stable")]
        for rank, i in enumerate(order.tolist(), start=1):
            people[i].component_ranks[name] = rank


def _signals_of(n: NodeValues, s: Signals) -> dict[str, float | None]:
    """What is stored beside the components (no percentile)."""
    return {
        "articleRank": n.values.get("articleRank"),
        "eigenvector": n.values.get("eigenvector"),
        "authScore": n.values.get("authScore"),
        "hubScore": n.values.get("hubScore"),
        "inDegree": n.values.get("inDegree"),
        "outDegree": n.values.get("outDegree"),
        "audience": float(max(s.followers, s.followed_by)),
        "received": float(s.received),
        "negativeShare": s.negative / s.with_sentiment if s.with_sentiment else None,
        "sentiment": s.sentiment,
    }


def roles_of(p: Scored, s: Signals) -> list[str]:
    """Every role whose rule holds, most telling first (ROLE_ORDER); the first is `role`."""
    pct = p.percentiles
    found: set[str] = set()
    negative_share = s.negative / s.with_sentiment if s.with_sentiment else 0.0
    if (
        s.with_sentiment >= DETRACTOR_MIN_RATED
        and negative_share >= DETRACTOR_MIN_NEGATIVE_SHARE
        and pct["resonance"] >= DETRACTOR_MIN_RESONANCE_PCT
    ):
        found.add("detractor")
    if (
        pct["authority"] >= LEADER_MIN_AUTHORITY_PCT
        and pct["resonance"] >= LEADER_MIN_RESONANCE_PCT
        and p.components["relevance"] >= LEADER_MIN_RELEVANCE
    ):
        found.add("opinion_leader")
    warm = s.sentiment is not None and s.sentiment >= AMBASSADOR_MIN_SENTIMENT
    declared = (s.kind in AMBASSADOR_KINDS) and (
        pct["resonance"] >= AMBASSADOR_DECLARED_MIN_RESONANCE_PCT
    )
    modest = (
        pct["reach"] <= AMBASSADOR_MODEST_MAX_REACH_PCT
        and pct["resonance"] >= AMBASSADOR_MODEST_MIN_RESONANCE_PCT
    )
    if warm and (declared or modest):
        found.add("ambassador")
    if pct["reach"] >= MACRO_MIN_REACH_PCT:
        found.add("macro")
    if pct["betweenness"] >= BRIDGE_MIN_BETWEENNESS_PCT and p.components["betweenness"] > 0:
        found.add("bridge")
    return [r for r in ROLE_ORDER if r in found]


def _standing_in_community(nodes: Sequence[NodeValues], algorithm: str) -> list[float]:
    """Each person's authority percentile among the members of their own community."""
    groups: dict[int, list[int]] = {}
    for i, n in enumerate(nodes):
        groups.setdefault(n.communities.get(algorithm, -1), []).append(i)
    standing = [0.0] * len(nodes)
    for members in groups.values():
        pct = percentiles([nodes[i].values.get("authority", 0.0) for i in members])
        for i, value in zip(members, pct, strict=True):
            standing[i] = float(value)
    return standing


def _community_numbers(sizes: Mapping[int, int]) -> dict[int, int]:
    """Number communities 0, 1, ... by size, largest first (ties by GDS id): stable names."""
    ordered = sorted(sizes, key=lambda c: (-sizes[c], c))
    return {c: i for i, c in enumerate(ordered)}


def community_rows(
    nodes: Sequence[NodeValues],
    topic: str,
    algorithms: Sequence[str],
    ranks: Mapping[str, int] | None = None,
) -> list[dict[str, object]]:
    """Community nodes to write: one per community of each algorithm, with its members and its
    leaders (its best-ranked members by `ranks`, at most LEADERS_KEPT), stored so that reading
    a community's leaders never walks its members."""
    ranked = ranks or {}
    rows: list[dict[str, object]] = []
    for algorithm in algorithms:
        members: dict[int, list[str]] = {}
        for n in nodes:
            c = n.communities.get(algorithm)
            if c is not None:
                members.setdefault(c, []).append(n.person)
        numbers = _community_numbers({c: len(m) for c, m in members.items()})
        for c, people in members.items():
            scored = sorted((p for p in people if p in ranked), key=lambda p: (ranked[p], p))
            rows.append(
                {
                    "id": f"{topic}/{algorithm}/{numbers[c]}",
                    "algorithm": algorithm,
                    "number": numbers[c],
                    "size": len(people),
                    "members": sorted(people),
                    "leaders": scored[:LEADERS_KEPT],
                }
            )
    return rows
