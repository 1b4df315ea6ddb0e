"""The security layer's parts on their own: keys, buckets, the cost model, persisted queries."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse

from service.api.errors import Rejection
from service.api.security.cost import Measure, measure_operation
from service.api.security.keys import generate_key, secret_matches, split_key
from service.api.security.limits import MeasuredOperations, TokenScreen, count_tokens
from service.api.security.persisted import PersistedQueries, load_allow_list
from service.api.security.token_buckets import RateLimiter
from tests.support.fake_schema import fake_schema


def test_a_key_is_its_id_and_a_secret_and_only_the_hash_is_kept() -> None:
    new = generate_key()
    parts = split_key(new.token)
    assert parts is not None
    key_id, secret = parts
    assert key_id == new.id
    assert secret not in new.hash_hex
    assert secret not in new.salt_hex
    assert secret_matches(secret, new.salt_hex, new.hash_hex)
    assert not secret_matches(secret[:-1] + ("A" if secret[-1] != "A" else "B"), new.salt_hex,
                              new.hash_hex)  # fmt: skip
    assert split_key("ig_123_short") is None
    assert split_key(new.token + "x") is None


def test_two_keys_never_share_salt_or_hash() -> None:
    a, b = generate_key(), generate_key()
    assert a.salt_hex != b.salt_hex
    assert a.hash_hex != b.hash_hex
    assert a.id != b.id


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0])
    assert [limiter.take("k", rate=2.0, burst=3) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("k", rate=2.0, burst=3) == pytest.approx(0.5)
    assert limiter.take("other", rate=2.0, burst=3) == 0.0
    now[0] = 0.5
    assert limiter.take("k", rate=2.0, burst=3) == 0.0
    assert limiter.take("k", rate=2.0, burst=3) > 0


def test_token_bucket_table_stays_bounded() -> None:
    limiter = RateLimiter(max_buckets=100, clock=lambda: 0.0)
    for i in range(1000):
        limiter.take(f"client-{i}", rate=1.0, burst=5)
    assert len(limiter._buckets) <= 100


def cost_of(query: str, variables: dict[str, object] | None = None) -> int:
    document = parse(query)
    operation = document.definitions[-1]
    measure = measure_operation(
        fake_schema()._schema, document, operation, variables,  # type: ignore[arg-type]
        default_list_size=20, max_page_size=100,
    )  # fmt: skip
    return measure.cost


def test_cost_multiplies_page_sizes_through_nested_connections() -> None:
    one_page = "{ people(first: 100) { edges { node { name } } } }"
    assert cost_of(one_page) == 1 + 100 * 2
    two = "{ people(first: 100) { edges { node { followers(first: 50) { totalCount } } } } }"
    assert cost_of(two) == 1 + 100 * (1 + 1 + 1)
    three = (
        "{ people(first: 10) { edges { node { followers(first: 10) { edges { node { "
        "followers(first: 10) { edges { node { name } } } } } } } } } }"
    )
    assert cost_of(three) == 1 + 10 * (2 + 1 + 10 * (2 + 1 + 10 * 2))


def test_cost_uses_variables_defaults_and_assumed_list_sizes() -> None:
    query = "query($n: Int = 7) { people(first: $n) { totalCount } }"
    assert cost_of(query) == 1
    assert cost_of("query($n: Int) { people(first: $n) { edges { cursor } } }", {"n": 30}) == 31
    # No `first` given: the argument's default (20) applies.
    assert cost_of("{ people { edges { cursor } } }") == 21
    # A list without paging is assumed to hold 20 items; declared weights (Query.topics 10,
    # Topic.parent 1, see docs/security.md) add to the objects returned.
    assert cost_of("{ topics { id parent { id } } }") == 10 + 20 * (1 + 1 + 1)
    assert cost_of("{ __typename graphCounts { people } }") == 10 + 1


def test_fragments_count_where_they_are_spread_and_cycles_end() -> None:
    spread = "fragment F on FakePerson { followers(first: 5) { totalCount } } " \
             "{ people(first: 10) { edges { node { ...F } } } }"  # fmt: skip
    assert cost_of(spread) == 1 + 10 * (1 + 1 + 1)
    cyclic = "fragment A on Topic { parent { ...B } } fragment B on Topic { parent { ...A } } " \
             '{ topic(id: "x") { ...A } }'  # fmt: skip
    # Each fragment is expanded once per path and the spread that would re-enter it counts
    # nothing: topic 1 + A's parent 1 + B's parent 1 (B's `...A` is cut) = 3, plus the
    # declared weights of Query.topic (10) and Topic.parent (1 each).
    assert cost_of(cyclic) == 3 + 10 + 1 + 1


def test_exponential_fragment_fan_out_is_counted_per_spread_and_walked_once() -> None:
    # Each spread counts (as aliases do), so 60 doubling fragments cost 2**60: far over any
    # budget. The walk visits each fragment once (a walk per spread would never end: 2**60).
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(60))
    query = f"{fragments} fragment F60 on Query {{ graphCounts {{ people }} }} {{ ...F0 }}"
    assert cost_of(query) == 2**60 * (10 + 1)  # graphCounts declares 10


def test_token_count_stops_past_the_limit() -> None:
    assert count_tokens("{ a b c }", 100) == 5
    assert count_tokens("{ " + "a " * 10_000 + "}", 50) == 51
    assert count_tokens("# only a comment", 10) == 0


def test_the_token_screen_remembers_only_documents_within_the_limit() -> None:
    screen = TokenScreen(max_tokens=5, remembered=2)
    assert screen.excess("{ a b c }") is None
    assert screen.excess("{ a b c d e }") == 6  # over: counted, refused, not remembered
    assert screen.excess("{ a b c d e }") == 6
    assert screen.excess("{ x }") is None
    assert screen._within.keys() == ["{ a b c }", "{ x }"]
    assert screen.excess("{ a b c }") is None  # remembered: now the most recent
    assert screen.excess("{ y }") is None  # evicts the least recent, "{ x }"
    assert screen._within.keys() == ["{ a b c }", "{ y }"]


def test_persisted_queries(tmp_path: Path) -> None:
    query = "{ graphCounts { people } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps({digest: query}))
    allowed = load_allow_list(path)
    by_hash = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}

    open_mode = PersistedQueries(allowed, only=False)
    assert open_mode.resolve(by_hash)["query"] == query
    assert open_mode.resolve({"query": "{ topics { id } }"}) == {"query": "{ topics { id } }"}
    other = "{ topics { id } }"
    other_hash = hashlib.sha256(other.encode()).hexdigest()
    unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": other_hash}}}
    with pytest.raises(Rejection) as not_found:
        open_mode.resolve(unknown)
    assert not_found.value.code.name == "PERSISTED_QUERY_NOT_FOUND"
    open_mode.resolve({**unknown, "query": other})  # Apollo's automatic registration
    assert open_mode.resolve(unknown)["query"] == other
    with pytest.raises(Rejection) as mismatch:
        open_mode.resolve({**by_hash, "query": other})
    assert mismatch.value.code.name == "PERSISTED_QUERY_HASH_MISMATCH"

    only = PersistedQueries(allowed, only=True)
    assert only.resolve(by_hash)["query"] == query
    assert only.resolve({"query": query}) == {"query": query}
    for refused in ({"query": other}, {**unknown, "query": other}, unknown):
        with pytest.raises(Rejection) as rejection:
            only.resolve(refused)
        assert rejection.value.code.name == "PERSISTED_QUERY_NOT_ALLOWED"


def test_an_allow_list_whose_hashes_do_not_match_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps({"0" * 64: "{ __typename }"}))
    with pytest.raises(ValueError, match="does not hash"):
        load_allow_list(path)


def test_measures_are_shared_only_by_the_same_operation_and_variables() -> None:
    schema = fake_schema()._schema
    text = "query($n: Int) { people(first: $n) { edges { cursor } } }"
    measured = MeasuredOperations(2)

    def measure(query: str, variables: dict[str, object], list_size: int = 20) -> Measure:
        document = parse(query)
        operation = document.definitions[-1]
        assert isinstance(operation, OperationDefinitionNode)
        return measured.measure(schema, query, document, operation, variables, list_size, 100)

    first = measure(text, {"n": 30})
    assert first.cost == 31
    assert measure(text, {"n": 30}) is first  # the same operation and variables: walked once
    assert measure(text, {"n": 5}).cost == 6  # other variables: measured anew
    assert measure(text, {"n": 30}, list_size=50) is not first  # other limits
    # Variables beyond the size kept in the key are measured every time.
    big = {"n": 3, "pad": "x" * MeasuredOperations.MAX_VARIABLES_BYTES}
    assert measure(text, big) is not measure(text, big)
    # Bounded: the two most recent stay, the oldest is measured again.
    assert measure(text, {"n": 30}) is not first
