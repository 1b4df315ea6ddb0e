"""Typed domain values shared by every layer (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    handle: str | None
    kind: str | None
    language: str | None
    country: str | None
    followers: int | None


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    parent: str | None
    interactions: int


@dataclass(frozen=True)
class GraphCounts:
    people: int
    topics: int
    interactions: int
    follows: int
    jobs: int

    @property
    def empty(self) -> bool:
        return self.people == 0 and self.topics == 0 and self.interactions == 0


@dataclass(frozen=True)
class PersonStats:
    id: str
    follower_count: int
    following_count: int
    performed: int
    received: int


@dataclass(frozen=True)
class PersonFilter:
    search: str | None = None
    kind: str | None = None
    language: str | None = None
    country: str | None = None
