"""A campaign brief: who may be shortlisted, and how many. Validation of the brief and the
eligibility filters, applied in a fixed order so the filter that empties the set is named."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from service.analytics.scoring import NO_ROLE, ROLE_ORDER
from service.db.erasures import id_hash
from service.db.shortlist import ScoredRow

ROLES = (*ROLE_ORDER, NO_ROLE)
DETRACTOR = "detractor"
MAX_K = 100  # picks per shortlist: the answer is computed inline (docs/shortlist.md)
MAX_TOPICS = 10
MAX_LIST = 1000  # values per list of the brief (languages, excluded people, ...)


class Strategy(Enum):
    SCORE = "score"
    SPREAD = "spread"
    BALANCED = "balanced"


class BriefError(ValueError):
    """The brief is refused; `argument` names the field (as the API spells it)."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument
        self.message = message


@dataclass(frozen=True)
class Brief:
    topics: Sequence[str]
    k: int
    strategy: Strategy = Strategy.SCORE
    languages: Sequence[str] = ()
    countries: Sequence[str] = ()
    person_kinds: Sequence[str] = ()
    wanted_roles: Sequence[str] = ()
    excluded_roles: Sequence[str] = ()
    excluded_people: Sequence[str] = ()
    min_relevance: float = 0.0
    # Excluded people as SHA-256 hashes of their ids (service/db/erasures.id_hash): how a
    # queued shortlist job keeps them, so the job node names nobody (docs/shortlist.md).
    excluded_hashes: Sequence[str] = ()

    def validate(self) -> None:
        if not self.topics:
            raise BriefError("brief.topics", "Name at least one topic.")
        if len(set(self.topics)) > MAX_TOPICS:
            raise BriefError("brief.topics", f"At most {MAX_TOPICS} topics.")
        for name, values in (
            ("languages", self.languages),
            ("countries", self.countries),
            ("personKinds", self.person_kinds),
            ("excludedPeople", self.excluded_people),
            ("excludedPeople", self.excluded_hashes),
        ):
            if len(values) > MAX_LIST:
                raise BriefError(f"brief.{name}", f"At most {MAX_LIST} values.")
        if not 1 <= self.k <= MAX_K:
            raise BriefError("brief.k", f"k must be within 1-{MAX_K}.")
        if not 0.0 <= self.min_relevance <= 1.0:
            raise BriefError("brief.minRelevance", "minRelevance must be within 0-1.")
        for name, values in (
            ("wantedRoles", self.wanted_roles),
            ("excludedRoles", self.excluded_roles),
        ):
            for role in values:
                if role not in ROLES:
                    raise BriefError(
                        f"brief.{name}", f"Unknown role {role!r}; roles are {', '.join(ROLES)}."
                    )
        both = set(self.wanted_roles) & set(self.excluded_roles)
        if both:
            raise BriefError(
                "brief.excludedRoles", f"Roles both wanted and excluded: {', '.join(sorted(both))}."
            )

    def excluded(self) -> frozenset[str]:
        """The excluded roles: detractors too, unless they are explicitly wanted."""
        roles = set(self.excluded_roles)
        if DETRACTOR not in self.wanted_roles:
            roles.add(DETRACTOR)
        return frozenset(roles)


@dataclass
class Candidate:
    """An eligible person, summed up over the brief's topics: their best score and relevance,
    the topic of the best score, and every role any of the topics gave them."""

    person: str
    score: float
    relevance: float
    topic: str
    roles: list[str] = field(default_factory=list)
    kind: str | None = None
    language: str | None = None
    country: str | None = None


def merge_topics(rows: Iterable[ScoredRow]) -> list[Candidate]:
    """One candidate per person; best score first (ties by id, so the order is stable)."""
    found: dict[str, Candidate] = {}
    for r in rows:
        c = found.get(r.person)
        if c is None:
            found[r.person] = Candidate(
                r.person,
                r.score,
                r.relevance,
                r.topic,
                list(r.roles),
                r.kind,
                r.language,
                r.country,
            )
            continue
        if r.score > c.score:
            c.score, c.topic = r.score, r.topic
        c.relevance = max(c.relevance, r.relevance)
        c.roles += [role for role in r.roles if role not in c.roles]
    return sorted(found.values(), key=lambda c: (-c.score, c.person))


def _roles(c: Candidate) -> set[str]:
    return set(c.roles) or {NO_ROLE}


def filters(brief: Brief) -> list[tuple[str, Callable[[Candidate], bool]]]:
    """The eligibility filters, in the order they are applied, named as the API's arguments."""
    excluded_roles = brief.excluded()
    excluded_people = set(brief.excluded_people)
    excluded_hashes = set(brief.excluded_hashes)

    def kept_person(c: Candidate) -> bool:
        if c.person in excluded_people:
            return False
        return not excluded_hashes or id_hash(c.person) not in excluded_hashes

    checks: list[tuple[str, bool, Callable[[Candidate], bool]]] = [
        ("brief.languages", bool(brief.languages), lambda c: c.language in brief.languages),
        ("brief.countries", bool(brief.countries), lambda c: c.country in brief.countries),
        ("brief.personKinds", bool(brief.person_kinds), lambda c: c.kind in brief.person_kinds),
        (
            "brief.wantedRoles",
            bool(brief.wanted_roles),
            lambda c: bool(_roles(c) & set(brief.wanted_roles)),
        ),
        ("brief.excludedRoles", True, lambda c: not _roles(c) & excluded_roles),
        ("brief.excludedPeople", bool(excluded_people or excluded_hashes), kept_person),
        (
            "brief.minRelevance",
            brief.min_relevance > 0,
            lambda c: c.relevance >= brief.min_relevance,
        ),
    ]
    return [(name, check) for name, active, check in checks if active]


def eligible(brief: Brief, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates every filter keeps; BriefError naming the first filter that leaves none."""
    kept = candidates
    for name, check in filters(brief):
        kept = [c for c in kept if check(c)]
        if not kept:
            raise BriefError(
                name, f"Nobody on the brief's topics meets {name} (and the filters before it)."
            )
    return kept
