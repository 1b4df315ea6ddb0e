"""The front door's scans (service/http/request_shape.py): nesting measured without recursion
and agreeing with a real parser's depth, literals and comments told apart, member types."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.api.errors import Rejection
from service.http.request_shape import Shape, too_deep

SHAPE = Shape(max_nesting=8, max_literal_length=20)


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


json_values = st.recursive(
    st.one_of(st.none(), st.integers(), st.text(alphabet='[]{}"\\ ab', max_size=6)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=30,
)


@given(json_values, st.integers(1, 12))
def test_too_deep_agrees_with_the_depth_of_the_parsed_value(value: Any, limit: int) -> None:
    text = json.dumps(value).encode()
    assert too_deep(text, limit) == (depth(value) > limit)


def test_brackets_inside_strings_and_escaped_quotes_do_not_count() -> None:
    assert not too_deep(b'{"a": "[[[[[[[[[[[[\\"]]]]"}', 2)
    assert too_deep(b"[" * 100_000 + b"]" * 100_000, 64)
    assert too_deep(b"[[][[][[][[]]]]]", 3)  # siblings between the levels
    assert not too_deep(b"[[][[][[][[]]]]]", 5)


def refusal(check: Any, *args: Any) -> str:
    with pytest.raises(Rejection) as refused:
        check(*args)
    return refused.value.code.name


def test_long_literals_and_comments_are_refused_but_a_hash_in_a_string_is_no_comment() -> None:
    assert refusal(SHAPE.check_document, '{ f(a: "' + "x" * 30 + '") }') == "LITERAL_TOO_LONG"
    assert refusal(SHAPE.check_document, "#" + "x" * 30 + "\n{ f }") == "LITERAL_TOO_LONG"
    assert refusal(SHAPE.check_document, '{ f(a: """' + "x" * 30 + '""") }') == ("LITERAL_TOO_LONG")
    SHAPE.check_document('{ f(a: "#x") g(b: "y") h(c: "z") i(d: "w") }')  # short ones pass
    assert refusal(SHAPE.check_document, "{ f(a: " + "[" * 9 + "]" * 9 + ") }") == (
        "NESTING_TOO_DEEP"
    )
    SHAPE.check_document('{ f(a: "' + "[" * 15 + '") }')  # brackets in a string: no nesting


@pytest.mark.parametrize(
    "item",
    [1, None, [], "q", {"query": 1}, {"query": "{ a }", "variables": [1]},
     {"query": "{ a }", "extensions": "x"}, {"query": "{ a }", "operationName": 2},
     {"extensions": {"persistedQuery": [1]}}, {"variables": {}}],
)  # fmt: skip
def test_request_objects_of_the_wrong_shape_are_bad_requests(item: object) -> None:
    assert refusal(SHAPE.check_request, item) == "BAD_REQUEST"


def test_a_persisted_query_needs_no_text() -> None:
    SHAPE.check_request({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab"}}})
