"""Writing input rows to the graph, and the reference look-ups that validation needs.

Every write function is one transaction: one batch of rows, one `UNWIND` query, MERGEd
on stable ids. A dropped connection, a stopped server or a transient error (deadlock, memory
pressure) becomes `DatabaseUnavailable` once the driver's own retries (NEO4J_RETRY_TIME)
are spent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

from service.db.database import Database
from service.db.driver import DatabaseUnavailable
from service.db.erasures import id_hash

Row = Mapping[str, Any]
T = TypeVar("T")
LOOKUP_CHUNK = 20_000


async def existing_person_ids(db: Database, ids: Collection[str]) -> set[str]:
    return await _existing(db, "ingest/existing_people", ids)


async def existing_topic_ids(db: Database, ids: Collection[str]) -> set[str]:
    return await _existing(db, "ingest/existing_topics", ids)


async def existing_brand_ids(db: Database, ids: Collection[str]) -> set[str]:
    return await _existing(db, "ingest/existing_brands", ids)


async def topic_parents_above(db: Database, ids: Collection[str]) -> dict[str, str]:
    """The graph's parent links on the chains of ancestors of the given topics: topic id ->
    parent id, for every topic above them (and for them). The service keeps one parent per
    topic; should the graph hold more, the smallest id is kept."""
    parents: dict[str, str] = {}
    for child, parent in await _looked_up(db, "ingest/topic_ancestry", "ids", ids):
        if child not in parents or parent < parents[child]:
            parents[str(child)] = str(parent)
    return parents


async def erased_people(db: Database, ids: Collection[str]) -> dict[str, str]:
    """Which of the given people were erased: id -> when (ISO-8601). Tombstones hold the
    SHA-256 of an id, so the ids are hashed here and looked up by hash."""
    by_hash = {id_hash(i): i for i in ids}
    rows = await _looked_up(db, "ingest/erased_people", "hashes", by_hash)
    return {by_hash[hash_hex]: str(erased_at) for hash_hex, erased_at in rows}


async def _existing(db: Database, query: str, ids: Collection[str]) -> set[str]:
    return {str(i) for i in await _looked_up(db, query, "ids", ids)}


async def _looked_up(db: Database, query: str, param: str, values: Collection[str]) -> list[Any]:
    """The rows of a look-up query (one record holding a list, `rows`) over `values`, asked
    in sorted chunks of LOOKUP_CHUNK so that no parameter list grows without bound."""
    wanted = sorted(values)
    rows: list[Any] = []
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        rows += await _available(lambda: db.read_rows(query, **{param: chunk}))  # noqa: B023
    return rows


async def write_topics(db: Database, rows: Sequence[Row]) -> int:
    return await _count(db, "ingest/merge_topics", rows, "written")


async def link_topic_parents(db: Database, rows: Sequence[Row]) -> int:
    return await _count(db, "ingest/link_topic_parents", rows, "linked")


async def write_persons(db: Database, rows: Sequence[Row]) -> int:
    """Returns how many people were created or changed (the others were equal already)."""
    return await _count(db, "ingest/merge_persons", rows, "changed")


async def write_follows(db: Database, rows: Sequence[Row]) -> int:
    return await _count(db, "ingest/merge_follows", rows, "written")


async def write_brands(db: Database, rows: Sequence[Row]) -> int:
    return await _count(db, "ingest/merge_brands", rows, "written")


async def write_represents(db: Database, rows: Sequence[Row]) -> int:
    return await _count(db, "ingest/merge_represents", rows, "written")


@dataclass(frozen=True)
class InteractionsWritten:
    """What a batch of interactions changed beyond itself: `campaign` holds the (actor,
    brand) pairs with an interaction linked to one of the brand's campaigns before or after
    the write; `moved` the (actor, target) pairs that updated interactions used to join;
    `former` the times (ISO-8601) and topics updated interactions had before."""

    created: int
    campaign: frozenset[tuple[str, str]] = frozenset()
    moved: frozenset[tuple[str, str]] = frozenset()
    former: tuple[tuple[str, tuple[str, ...]], ...] = ()


async def write_interactions(db: Database, rows: Sequence[Row]) -> InteractionsWritten:
    """Create the new interactions, then bring the ones that existed in line with their
    rows and the campaign membership of both up to date, in one transaction."""
    if not rows:
        return InteractionsWritten(0)
    steps_run: list[str] = []

    def update_existing(created: list[dict[str, Any]]) -> list[tuple[str, Mapping[str, Any]]]:
        existing = set(created[0]["existing"]) if created else set()
        steps: list[tuple[str, Mapping[str, Any]]] = []
        if existing:
            again = [row for row in rows if row["id"] in existing]
            steps.append(("ingest/update_interactions", {"rows": again}))
        # Campaign membership (IN_CAMPAIGN) of the rows that may belong to one, and of the
        # updated ones (which may have stopped belonging), in the same transaction.
        marked = [r["id"] for r in rows if r["id"] in existing or _may_belong(r)]
        if marked:
            steps.append(("campaigns/link_interactions", {"ids": marked}))
        steps_run[:] = [name for name, _ in steps]
        return steps

    params = interaction_params(rows)
    out = await _available(
        lambda: db.write_then("ingest/create_interactions", params, update_existing)
    )
    found = dict(zip(steps_run, out[1:], strict=True))
    changed = found.get("ingest/update_interactions", [])
    linked = found.get("campaigns/link_interactions", [])
    was = {str(r["id"]): (str(r["formerActor"]), str(r["formerTarget"])) for r in changed}
    now = {str(r["id"]): (str(r["actor"]), str(r["target"])) for r in rows if r["id"] in was}
    return InteractionsWritten(
        created=int(out[0][0]["created"]) if out[0] else 0,
        campaign=frozenset((str(r["actor"]), str(r["brand"])) for r in linked),
        moved=frozenset(pair for i, pair in was.items() if pair != now.get(i)),
        former=tuple((str(r["formerAt"]), tuple(map(str, r["formerTopics"]))) for r in changed),
    )


def interaction_params(rows: Sequence[Row]) -> dict[str, Any]:
    """The parameters of ingest/create_interactions: the batch's distinct topics, and each
    row as a list in the order the query reads it, its topics as positions in that list."""
    topics: dict[str, int] = {}
    packed = []
    for r in rows:
        positions = [topics.setdefault(t, len(topics)) for t in r["topics"]]
        packed.append([r["id"], r["type"], r["actor"], r["target"], positions, r["at"],
                       r["sentiment"], r["platform"], r["url"], r["count"],
                       r.get("campaigns"), r.get("tags")])  # fmt: skip
    return {"topics": list(topics), "rows": packed}


def _may_belong(row: Row) -> bool:
    """Whether an interaction row could be in a campaign: it names one, carries a hashtag
    or has a url (rows with none of them are never linked, and cost nothing more)."""
    return bool(row.get("campaigns") or row.get("tags") or row.get("url"))


async def write_topics_with_parents(
    db: Database, rows: Sequence[Row], parents: Sequence[Row]
) -> None:
    """Merge the topics, then link them to their parents, in one transaction: both or none."""
    steps: list[tuple[str, Mapping[str, Any]]] = [
        ("ingest/merge_topics", {"rows": list(rows)}),
        ("ingest/link_topic_parents", {"rows": list(parents)}),
    ]
    await _available(lambda: db.write_many(steps))


async def _count(db: Database, query: str, rows: Sequence[Row], column: str) -> int:
    if not rows:
        return 0
    out = await _available(lambda: db.write(query, rows=list(rows)))
    return int(out[0][column]) if out else 0


async def _available(run: Callable[[], Awaitable[T]]) -> T:
    try:
        return await run()
    except (ServiceUnavailable, SessionExpired) as exc:
        raise DatabaseUnavailable(f"Neo4j stopped answering: {exc}") from exc
    except TransientError as exc:
        raise DatabaseUnavailable(
            f"Neo4j still refused the write after retrying for NEO4J_RETRY_TIME: {exc.message}"
        ) from exc
