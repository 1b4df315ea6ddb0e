"""Relay connections with opaque keyset cursors.

A cursor encodes the sort key of the last row seen (never an offset), so a page stays correct
when rows are inserted before it. `totalCount` runs its own count query, and only when asked.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from service.api.errors import PAGE_SIZE_EXCEEDED, ApiError, invalid_argument
from service.settings import Settings

NodeT = TypeVar("NodeT")


@strawberry.type(description="Where a page sits in its connection.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def edge_cursor(root: Edge[Any]) -> str:
    # Encoded when asked for: a long page whose cursors nobody reads costs nothing for them.
    return root.cursor_of(root.row)


@strawberry.type
class Edge(Generic[NodeT]):
    node: NodeT
    cursor: str = strawberry.field(resolver=edge_cursor)
    row: strawberry.Private[Any]
    cursor_of: strawberry.Private[Callable[[Any], str]]


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many nodes match, over all pages.")
    async def total_count(self) -> int:
        return await self._count()

    @strawberry.field(description="The nodes of this page, without their cursors.")
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _typed(value: Any, kind: type) -> Any:
    """`value` as `kind` (int, float or str), or ValueError: JSON gives no bool, NaN nor inf
    for a cursor this service wrote."""
    if isinstance(value, bool):
        raise ValueError(value)
    if kind is float and isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    if isinstance(value, kind):
        return value
    raise ValueError(value)


def decode_cursor(kind: str, cursor: str | None, types: Sequence[type]) -> tuple[Any, ...] | None:
    """The sort key a cursor of `kind` holds, one part per entry of `types` (int, float or
    str), each checked, so a hand-altered cursor is INVALID_ARGUMENT on `after`, never a
    crash."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(value, list) or len(value) != len(types) + 1 or value[0] != kind:
            raise ValueError(value)
        return tuple(_typed(v, t) for v, t in zip(value[1:], types, strict=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_argument(
            "`after` is not a cursor returned by this connection.", "after"
        ) from None


def page_size(first: int | None, settings: Settings) -> int:
    size = settings.default_page_size if first is None else first
    if size < 0:
        raise invalid_argument("`first` must not be negative.", "first")
    if size > settings.max_page_size:
        raise ApiError(
            PAGE_SIZE_EXCEEDED,
            f"`first` is {size}; the largest page is {settings.max_page_size}.",
            argument="first",
            limit=settings.max_page_size,
            requested=size,
        )
    return size


def build_connection(
    rows: Sequence[Any],
    size: int,
    had_cursor: bool,
    to_node: Callable[[Any], NodeT],
    cursor_of: Callable[[Any], str],
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    """`rows` was fetched with LIMIT size + 1: the extra row only says a next page exists."""
    page = rows[:size]
    edges = [Edge(node=to_node(row), row=row, cursor_of=cursor_of) for row in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            has_previous_page=had_cursor,
            start_cursor=cursor_of(page[0]) if page else None,
            end_cursor=cursor_of(page[-1]) if page else None,
        ),
        _count=count,
    )
