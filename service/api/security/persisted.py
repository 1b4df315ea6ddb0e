"""Persisted queries: Apollo's `extensions.persistedQuery.sha256Hash`, and an allow-list mode.

The allow-list is a JSON file mapping the sha256 (hex) of each query text to the text. With
PERSISTED_QUERIES_ONLY a request may run only those texts, by hash or in full. Without it,
clients may also register queries automatically (Apollo APQ: send hash and text once, then the
hash alone), in a bounded in-memory cache of this instance.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from service.api.errors import (
    PERSISTED_QUERY_HASH_MISMATCH,
    PERSISTED_QUERY_NOT_ALLOWED,
    PERSISTED_QUERY_NOT_FOUND,
    Rejection,
)
from service.api.lru import Lru


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def load_allow_list(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text())
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object mapping sha256 → query")
    for digest, query in data.items():
        if not isinstance(query, str) or sha256_hex(query) != digest.lower():
            raise ValueError(f"{path}: the query under {digest} does not hash to it")
    return {digest.lower(): query for digest, query in data.items()}


class PersistedQueries:
    def __init__(self, allow_list: dict[str, str], only: bool, registered_max: int = 1000) -> None:
        self.allow_list = allow_list
        self.only = only
        self._registered: Lru[str, str] = Lru(registered_max)

    def resolve(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The payload with its `query` filled in from the store, or a Rejection."""
        query = payload.get("query")
        extensions = payload.get("extensions")
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(digest, str):
            if self.only and not (isinstance(query, str) and sha256_hex(query) in self.allow_list):
                raise self._not_allowed()
            return payload
        digest = digest.lower()
        if isinstance(query, str):
            if sha256_hex(query) != digest:
                raise Rejection(
                    PERSISTED_QUERY_HASH_MISMATCH,
                    "The query does not hash to extensions.persistedQuery.sha256Hash.",
                )
            if self.only and digest not in self.allow_list:
                raise self._not_allowed()
            if not self.only and digest not in self.allow_list:
                self._registered.put(digest, query)
            return payload
        known = self.allow_list.get(digest) or self._registered.get(digest)
        if known is None:
            if self.only:
                raise self._not_allowed()
            # Apollo clients answer this code by sending the full query once.
            raise Rejection(PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound")
        return {**payload, "query": known}

    @staticmethod
    def _not_allowed() -> Rejection:
        return Rejection(
            PERSISTED_QUERY_NOT_ALLOWED,
            "Only persisted queries may run on this server (PERSISTED_QUERIES_ONLY).",
        )
