"""One delivery attempt: check the target, POST the signed body to the checked address
(redirects not followed, proxies from the environment ignored, one timeout for the whole
attempt), and say how it went. A 2xx answer is a success; anything else is retried."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
import httpx

from service.webhooks import signing
from service.webhooks.targets import Resolver, Target, TargetRefused, resolve_target

log = logging.getLogger("influence_graph.webhooks")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status: int | None  # the receiver's HTTP status, when it answered
    error: str  # why it failed ('' on success)
    permanent: bool = False  # no point retrying (a refused target)


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every attempt (building one per client costs more than a POST)."""
    return ssl.create_default_context(cafile=certifi.where())


def backoff(attempts: int, base: float, cap: float) -> float:
    """Seconds before the next attempt after `attempts` failed ones: exponential, capped,
    with jitter (a random half of it) so receivers coming back are not hit all at once."""
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    return float(ceiling * random.uniform(0.5, 1.0))  # noqa: S311 - jitter, not a secret


def _connect_url(target: Target) -> str:
    parts = urlsplit(target.url)
    host = f"[{target.address}]" if ":" in target.address else target.address
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"{target.scheme}://{host}:{target.port}{path}"


def _host_header(target: Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


async def attempt(
    url: str,
    secret: str,
    message_id: str,
    body: bytes,
    *,
    timeout: float,
    allow_private: bool,
    resolver: Resolver,
) -> Outcome:
    try:
        target = await resolve_target(url, allow_private, resolver)
    except TargetRefused as exc:
        return Outcome(ok=False, status=None, error=str(exc), permanent=True)
    headers = signing.headers(secret, message_id, int(time.time()), body)
    headers["host"] = _host_header(target)
    headers["user-agent"] = "influence-graph-webhooks/1"
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    try:
        async with httpx.AsyncClient(
            follow_redirects=False, trust_env=False, timeout=timeout, verify=_tls()
        ) as client:
            status = await asyncio.wait_for(
                _post(client, _connect_url(target), headers, body, extensions), timeout
            )
    except (TimeoutError, httpx.TimeoutException):
        return Outcome(ok=False, status=None, error=f"no answer within {timeout:g} s")
    except httpx.HTTPError as exc:
        log.warning("webhook %s to %s failed: %r", message_id, target.host, exc)
        return Outcome(ok=False, status=None, error=failure_reason(exc))
    if 200 <= status < 300:
        return Outcome(ok=True, status=status, error="")
    return Outcome(ok=False, status=status, error=f"the receiver answered {status}")


async def _post(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    body: bytes,
    extensions: dict[str, str],
) -> int:
    request = client.build_request("POST", url, headers=headers, content=body)
    request.extensions.update(extensions)
    response = await client.send(request, stream=True)  # the answer's body is never read
    await response.aclose()
    return response.status_code


def failure_reason(exc: httpx.HTTPError) -> str:
    """What a subscriber reads for a request that got no HTTP answer: a fixed sentence per kind
    of failure (the exception's own text stays in the log)."""
    if isinstance(exc, httpx.ConnectError):
        if _caused_by(exc, ssl.SSLError):
            return "the TLS handshake with the receiver failed (is its certificate valid?)"
        return "could not connect to the receiver (refused or unreachable)"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the receiver's answer was not valid HTTP"
    return "the request to the receiver failed before an answer"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether `exc` or anything in its chain of causes is a `kind`."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return any(isinstance(e, kind) for e in chain)
