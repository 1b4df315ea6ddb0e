"""Where a webhook may point: an http(s) URL with a host, and (unless private targets are
allowed, never in the production profile) only public addresses. The check runs when the
webhook is created and again at every attempt, on the addresses the host resolves to then;
the attempt connects to the address that was checked (so a name that resolves to a public
address for the check and to a private one for the connection cannot slip through)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from service.webhooks.events import WebhookInputError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
MAX_URL = 2000


class TargetRefused(Exception):
    """The URL's host is, or resolves to, an address deliveries may not reach."""


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str  # as written (the Host header and the TLS server name)
    port: int
    address: str  # the checked address the attempt connects to


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_url(url: str) -> str:
    """The URL if it is an absolute http(s) URL with a host; else WebhookInputError('url')."""
    if not url or len(url) > MAX_URL or any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise WebhookInputError("url", f"url must be 1-{MAX_URL} characters without spaces")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise WebhookInputError("url", "url is not a valid URL") from None
    if parts.scheme not in ("http", "https"):
        raise WebhookInputError("url", "url must be an http:// or https:// URL")
    if not parts.hostname:
        raise WebhookInputError("url", "url has no host")
    if parts.username or parts.password:
        raise WebhookInputError("url", "url must not carry a user name or password")
    return url


def is_public(address: Address) -> bool:
    """False for loopback, private, link-local, unspecified, multicast, reserved and shared
    (100.64/10) addresses, and for IPv6 addresses that map or embed one of those."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


async def resolve_target(url: str, allow_private: bool, resolver: Resolver) -> Target:
    """Resolve the URL's host and pick the address to connect to; TargetRefused when the host
    does not resolve or (private targets not allowed) any of its addresses is not public."""
    parts = urlsplit(checked_url(url))
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        literal: Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = await resolver(host, port)
        except OSError as exc:
            raise TargetRefused(f"host {host!r} does not resolve: {exc}") from None
    if not addresses:
        raise TargetRefused(f"host {host!r} does not resolve")
    if not allow_private:
        refused = [a for a in addresses if not is_public(ipaddress.ip_address(a))]
        if refused:
            raise TargetRefused(
                f"host {host!r} resolves to a loopback, private or link-local address "
                f"({refused[0]}); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true for development"
            )
    return Target(url=url, scheme=parts.scheme, host=host, port=port, address=addresses[0])
