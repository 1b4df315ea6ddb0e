"""Hypothesis strategies for raw, hostile HTTP requests and WebSocket frames to /graphql, and
the check every answer must pass. Used by tests/e2e/test_http_fuzz.py (a few hundred cases
through a TestClient) and bench/fuzz.py (thousands, through uvicorn).

A request is random bytes, random JSON of any shape and nesting, or a GraphQL-request-shaped
object whose members have random types and whose document is random, with a random method,
content type and headers, as a body or a query string.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

METHODS = ["GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/graphql-response+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
]
ACCEPTS = ["application/json", "application/graphql-response+json", "text/html", "*/*",
           "multipart/mixed", "text/event-stream"]  # fmt: skip
# Words Python puts in its exception messages, and graphql-core's suggestions.
PYTHON_TEXT = (
    "Traceback",
    "object of type",
    "has no len()",
    "dictionary update sequence",
    "is not subscriptable",
    "NoneType",
    "unhashable type",
    "object has no attribute",
    "ISO string too short",
    "maximum recursion depth",
    "Internal Server Error",
)
DOCUMENTS = [
    "{ __typename }",
    "{ graphCounts { people } }",
    'subscription { job(id: "j") { id } }',
    "mutation { cancelJob(id: 1) { id } }",
    "{ people(first: 2) { edges { node { name } } } }",
    "query($n: Int) { people(first: $n) { totalCount } }",
    "{ influencer }",
    "{",
    "fragment A on Topic { parent { ...A } } { topic(id: 1) { ...A } }",
    '{ topic(id: "' + "x" * 9000 + '") { id } }',
    "#" + "c" * 9000 + "\n{ __typename }",
    "{ f(a: " + "[" * 300 + "]" * 300 + ") }",
]

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def deep_json(draw: st.DrawFn, most: int = 6000) -> str:
    """JSON nested up to `most` levels (a query string holds fewer: URLs are short)."""
    levels = draw(st.integers(1, most))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}"), ('[{"b":', "}]")]))
    inner = opener * levels + "1" + closer * levels
    request = '{{"query": "{{ __typename }}", "variables": {{"v": {}}}}}'
    wrap = draw(st.sampled_from(["{}", request]))
    text = wrap.format(inner) if wrap != "{}" else inner
    return text[: draw(st.integers(len(text) // 2, len(text)))]


documents = st.one_of(st.sampled_from(DOCUMENTS), st.text(max_size=60))
request_objects = st.fixed_dictionaries(
    {},
    optional={
        "query": st.one_of(documents, json_values),
        "variables": st.one_of(json_values, st.dictionaries(st.text(max_size=4), json_values)),
        "extensions": st.one_of(
            json_values,
            st.just({"persistedQuery": {"sha256Hash": "ab"}}),
            st.just({"persistedQuery": [1]}),
        ),
        "operationName": st.one_of(json_values, st.text(max_size=8)),
    },
)


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(_dumps),
    request_objects.map(_dumps),
    st.lists(st.one_of(request_objects, json_values), max_size=12).map(_dumps),
    deep_json().map(str.encode),
    request_objects.map(_dumps).flatmap(
        lambda body: st.integers(0, max(len(body) - 1, 0)).map(
            lambda i: body[:i] + b"\xff\xfe" + body[i:]
        )
    ),
)


@dataclass
class RawRequest:
    method: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@st.composite
def raw_requests(draw: st.DrawFn) -> RawRequest:
    method = draw(st.sampled_from(METHODS))
    headers = {"accept": draw(st.sampled_from(ACCEPTS))}
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    if content_type:
        headers["content-type"] = content_type
    names = st.from_regex(r"x-[a-z]{1,8}", fullmatch=True)
    values = st.from_regex(r"[!-~]{0,30}", fullmatch=True)
    extra = draw(st.dictionaries(names, values, max_size=3))
    headers.update(extra)
    if method == "GET" or (draw(st.booleans()) and method != "POST"):
        texts = st.one_of(documents, json_values.map(json.dumps), deep_json(1500), st.text())
        keys = st.sampled_from(["query", "variables", "extensions", "operationName", "x"])
        params = draw(st.dictionaries(keys, texts, max_size=4))
        return RawRequest(method, params=params, headers=headers)
    return RawRequest(method, headers=headers, body=draw(bodies))


ws_frames = st.one_of(
    st.text(max_size=200),
    json_values.map(json.dumps),
    deep_json(),
    st.fixed_dictionaries(
        {"type": st.sampled_from(["subscribe", "ping", "pong", "complete", "init", "x"])},
        optional={"id": json_values, "payload": st.one_of(request_objects, json_values)},
    ).map(json.dumps),
)


def problems(status: int, content_type: str, text: str, method: str) -> list[str]:
    """What is wrong with an answer: a 5xx, a refusal that is not JSON, an error without a
    code, Python's own words. Empty when the answer is fine."""
    found: list[str] = []
    if status >= 500:
        found.append(f"status {status}")
    if method == "HEAD" or (status < 400 and "json" not in content_type):
        return found  # GraphiQL's page, or a HEAD answer without a body
    try:
        body = json.loads(text)
    except ValueError:
        return [*found, f"a {status} answer that is not JSON: {text[:80]!r}"]
    items = body if isinstance(body, list) else [body]
    for item in items:
        for error in item.get("errors") or [] if isinstance(item, dict) else []:
            if not (error.get("extensions") or {}).get("code"):
                found.append(f"an error without a code: {error.get('message', '')[:80]!r}")
    found += [f"Python text {w!r}" for w in PYTHON_TEXT if w in text]
    return found
