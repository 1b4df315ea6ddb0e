"""What makes a body, query string or WebSocket message a GraphQL request, checked cheaply and
without recursion before anything parses it for real (see request_parsing).

- `too_deep`: bracket nesting past a limit, found by linear passes of C string operations
  (strings removed, every bracket kept as `(` or `)`, innermost pairs removed once per level);
  so neither `json.loads` nor graphql-core's parser ever recurse past the limit.
- `check_document`: string literals, block strings and comments longer than a limit (found by
  one regex scan; a document no longer than the limit is not scanned), and bracket nesting.
- `check_request`: the object a request is made of (`query`, `variables`, `extensions`,
  `operationName`, each of its type).
Each refusal is a Rejection with its code from the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from service.api.errors import (
    BAD_REQUEST,
    LITERAL_TOO_LONG,
    NESTING_TOO_DEEP,
    Rejection,
)

_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.S)
# A GraphQL block string, string or comment (an unterminated one runs to the end of its line,
# or of the document for a block string).
_GRAPHQL_SKIPPED = re.compile(
    r'"""(?:[^"\\]++|\\.|"(?!""))*+(?:"""|\Z)|"(?:[^"\\\n\r]++|\\.)*+(?:"|$)|#[^\n\r]*+',
    re.M | re.S,
)
_BRACKETS = bytes.maketrans(b"[{(]})", b"((()))")
_NOT_JSON_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_NOT_GRAPHQL_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}()")


def _nested_past(brackets: bytes, limit: int) -> bool:
    """`brackets` holds only `(` and `)`: does it nest past `limit`? A run of `limit + 1`
    openers says so at once; otherwise each pass removes the innermost pairs (one level)."""
    if b"(" * (limit + 1) in brackets:
        return True
    for _ in range(limit):
        if not brackets:
            return False
        reduced = brackets.replace(b"()", b"")
        if len(reduced) == len(brackets):
            return False  # unbalanced and nested at most 2 x limit: the parser reports it
        brackets = reduced
    return bool(brackets)


def too_deep(json_text: bytes, limit: int) -> bool:
    """Does this JSON text nest arrays and objects deeper than `limit`?"""
    brackets = _JSON_STRING.sub(b"", json_text).translate(_BRACKETS, _NOT_JSON_BRACKETS)
    return _nested_past(brackets, limit)


@dataclass(frozen=True)
class Shape:
    """The limits of request_parsing: MAX_NESTING and MAX_LITERAL_LENGTH."""

    max_nesting: int
    max_literal_length: int

    def nesting_error(self, what: str) -> Rejection:
        return Rejection(
            NESTING_TOO_DEEP,
            f"{what} nests deeper than {self.max_nesting} levels.",
            limit=self.max_nesting,
        )

    def load_json(self, text: bytes, what: str) -> Any:
        """`text` parsed, or BAD_REQUEST / NESTING_TOO_DEEP naming `what`."""
        if too_deep(text, self.max_nesting):
            raise self.nesting_error(what)
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            # orjson also refuses invalid UTF-8 and lone surrogates.
            raise Rejection(BAD_REQUEST, f"{what} is not valid JSON (in UTF-8).") from None

    def check_document(self, query: str) -> None:
        limit = self.max_literal_length
        if len(query) > limit:
            for found in _GRAPHQL_SKIPPED.finditer(query):
                length = found.end() - found.start()
                if length > limit:
                    raise Rejection(
                        LITERAL_TOO_LONG,
                        f"A string literal or comment of the document is {length} characters "
                        f"long; the limit is {limit}. Send large values as variables.",
                        limit=limit,
                        length=length,
                    )
        skipped = _GRAPHQL_SKIPPED.sub("", query).encode("utf-8", "surrogatepass")
        if _nested_past(skipped.translate(_BRACKETS, _NOT_GRAPHQL_BRACKETS), self.max_nesting):
            raise self.nesting_error("The GraphQL document")

    def check_request(self, item: object, where: str = "The request") -> None:
        """A GraphQL request object: BAD_REQUEST naming the member that is wrong."""
        if not isinstance(item, dict):
            raise Rejection(BAD_REQUEST, f"{where} must be a JSON object.")
        _check_member(item, "query", str, "a string", where)
        _check_member(item, "operationName", str, "a string", where)
        _check_member(item, "variables", dict, "an object", where)
        _check_member(item, "extensions", dict, "an object", where)
        persisted = (item.get("extensions") or {}).get("persistedQuery")
        if persisted is not None and not (
            isinstance(persisted, dict) and isinstance(persisted.get("sha256Hash"), str)
        ):
            raise Rejection(
                BAD_REQUEST,
                f"{where}: `extensions.persistedQuery` must be an object with a string "
                "`sha256Hash`.",
                field="extensions",
            )
        query = item.get("query")
        if query is None and persisted is None:
            raise Rejection(BAD_REQUEST, f"{where} has no `query`.", field="query")
        if query is not None:
            self.check_document(query)


def _check_member(item: dict[str, Any], name: str, kind: type, said: str, where: str) -> None:
    value = item.get(name)
    if value is not None and not isinstance(value, kind):
        raise Rejection(BAD_REQUEST, f"{where}: `{name}` must be {said} or null.", field=name)
