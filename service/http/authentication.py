"""Authentication: who is calling, from the API key of a request or a WebSocket handshake.

A key comes as `Authorization: Bearer <key>` or `X-API-Key`. Without one, a request is the
anonymous caller (with ANONYMOUS_SCOPES) when ALLOW_ANONYMOUS is on, else 401. A WebSocket
handshake without a key is let through as UNAUTHENTICATED when anonymous access is off, since
a browser cannot set headers on a WebSocket: its key then comes in `connection_init` (see
view.GraphQLView.on_ws_connect). A handshake with a bad key is closed before it is accepted
(HTTP 403, close code 4401). The caller is left in `scope["state"]["principal"]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from service.api.errors import DATABASE_UNAVAILABLE, UNAUTHENTICATED, Rejection
from service.api.security.keys import split_key
from service.api.security.refusals import Refusals
from service.api.security.scopes import Principal, parse_scopes
from service.api.security.scopes import Scope as ApiScope
from service.db.driver import DatabaseUnavailable
from service.http.refusal import send_rejection
from service.settings import Settings

ANONYMOUS = "anonymous"
# The caller of a WebSocket whose handshake carried no key while anonymous access is off: it
# may do nothing until its connection_init payload presents a valid key.
NOBODY = Principal(key_id=None, name="unauthenticated", scopes=frozenset())
# Close codes of a refused WebSocket: graphql-transport-ws's Forbidden, the code it uses for
# too many requests, and RFC 6455's "try again later"; a handshake refused on its headers is
# closed before it is accepted (HTTP 403), with 4401 for a bad key.
WS_CLOSE_CODES = {401: 4403, 429: 4429, 503: 1013}
HANDSHAKE_CLOSE_CODES = {**WS_CLOSE_CODES, 401: 4401}


class KeyCheck(Protocol):
    """What a key belongs to (security.keys.KeyVerifier): None when unknown, malformed or
    revoked; DatabaseUnavailable when it cannot be checked."""

    async def verify(self, token: str) -> Principal | None: ...


class Authenticator:
    """Turns a presented key (or none) into the caller, or a Rejection (401, 503)."""

    def __init__(self, keys: KeyCheck, settings: Settings, refusals: Refusals) -> None:
        self.keys = keys
        self.allow_anonymous = settings.allow_anonymous
        self.refusals = refusals
        scopes = parse_scopes(settings.anonymous_scopes) - {ApiScope.ADMIN}
        self.anonymous = Principal(key_id=None, name=ANONYMOUS, scopes=scopes)

    async def identify(self, token: str | None) -> Principal:
        if token is None:
            if not self.allow_anonymous:
                self.refusals.note(UNAUTHENTICATED.name, "missing_key", None)
                raise Rejection(
                    UNAUTHENTICATED,
                    "An API key is required: send `Authorization: Bearer <key>`.",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return self.anonymous
        try:
            found = await self.keys.verify(token)
        except DatabaseUnavailable as exc:
            raise Rejection(
                DATABASE_UNAVAILABLE,
                "The graph database is unavailable, so the key cannot be checked; retry later.",
            ) from exc
        if found is None:
            # Only a well-formed key's id is logged: a malformed one may be a secret.
            parts = split_key(token)
            reason = "malformed_key" if parts is None else "invalid_key"
            self.refusals.note(UNAUTHENTICATED.name, reason, parts[0] if parts else None)
            raise Rejection(
                UNAUTHENTICATED,
                "The API key is not valid (unknown, malformed or revoked).",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return found


class Authentication:
    """The ASGI middleware: identifies the caller of each request and WebSocket handshake."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        token = presented_key(Headers(scope=scope))
        if (
            scope["type"] == "websocket"
            and token is None
            and not self.authenticator.allow_anonymous
        ):
            principal = NOBODY
        else:
            try:
                principal = await self.authenticator.identify(token)
            except Rejection as rejection:
                await refuse(rejection, scope, receive, send)
                return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)


async def refuse(rejection: Rejection, scope: Scope, receive: Receive, send: Send) -> None:
    """A refused request answers the rejection; a refused handshake is closed (HTTP 403)."""
    if scope["type"] == "websocket":
        websocket = WebSocket(scope, receive=receive, send=send)
        await websocket.close(code=HANDSHAKE_CLOSE_CODES[rejection.status])
    else:
        await send_rejection(rejection, scope, receive, send)


def principal_in(scope: Scope) -> Principal | None:
    principal = (scope.get("state") or {}).get("principal")
    return principal if isinstance(principal, Principal) else None


def presented_key(headers: Headers) -> str | None:
    authorization = headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    api_key = headers.get("x-api-key", "").strip()
    return api_key or None


def key_in_connection_params(params: Mapping[str, object]) -> str | None:
    """The key in a connection_init payload: `authorization: "Bearer <key>"`, or `apiKey` (or
    `X-API-Key`), names in any case. None when there is none; "" (never a valid key) when a
    name is there with something else than a key, so that it is refused, not ignored."""
    fields = {str(name).lower(): value for name, value in params.items()}
    if "authorization" in fields:
        value = fields["authorization"]
        scheme, _, key = value.partition(" ") if isinstance(value, str) else ("", "", "")
        return key.strip() if scheme.lower() == "bearer" else ""
    for name in ("apikey", "x-api-key"):
        if name in fields:
            value = fields[name]
            return value.strip() if isinstance(value, str) else ""
    return None
