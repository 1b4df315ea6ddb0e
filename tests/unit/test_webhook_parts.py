"""Webhook parts without a server: Standard Webhooks signatures checked by the independent
`standardwebhooks` package, URL checks, the address rules of the production profile
(loopback, private, link-local, and names that resolve to them) and the retry backoff."""

from __future__ import annotations

import ipaddress
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from service.settings import Settings
from service.webhooks import signing
from service.webhooks.delivery import backoff
from service.webhooks.events import WebhookInputError, checked_events
from service.webhooks.targets import TargetRefused, checked_url, resolve_target, system_resolver

PRIVATE = ["127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1",
           "169.254.169.254", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
           "100.64.0.1", "0.0.0.0",  # noqa: S104 - an address refused, not bound
           "::", "224.0.0.1", "2002:7f00:1::"]  # fmt: skip
NAMES = {"partner.example": ["93.184.216.34"], "internal.example": ["10.0.0.5"],
         "mixed.example": ["93.184.216.34", "192.168.0.9"], "meta.example": ["169.254.169.254"],
         "v6loop.example": ["::1"]}  # fmt: skip


async def fake_resolver(host: str, port: int) -> list[str]:
    if host not in NAMES:
        raise OSError("unknown name")
    return NAMES[host]


def test_signatures_verify_with_the_standard_webhooks_package() -> None:
    secret = signing.new_secret()
    body = b'{"type":"alert.raised","data":{"x":1}}'
    headers = signing.headers(secret, "msg_1", int(time.time()), body)
    assert Webhook(secret).verify(body, headers) == {"type": "alert.raised", "data": {"x": 1}}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"1", b"2"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(body, headers)
    assert secret.startswith("whsec_")
    assert secret != signing.new_secret()


def test_the_production_profile_cannot_allow_private_targets() -> None:
    production = Settings(profile="production", webhook_allow_private_targets=True)
    assert production.webhook_allow_private_targets is False
    assert Settings(webhook_allow_private_targets=True).webhook_allow_private_targets is True


@pytest.mark.parametrize("address", PRIVATE)
async def test_private_addresses_are_refused(address: str) -> None:
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(TargetRefused):
        await resolve_target(f"https://{host}:8443/x", False, fake_resolver)
    allowed = await resolve_target(f"http://{host}/x", True, fake_resolver)
    assert ipaddress.ip_address(allowed.address) == ipaddress.ip_address(address)


@pytest.mark.parametrize("name", ["internal.example", "mixed.example", "meta.example",
                                  "v6loop.example"])  # fmt: skip
async def test_names_that_resolve_to_private_addresses_are_refused(name: str) -> None:
    with pytest.raises(TargetRefused, match="WEBHOOK_ALLOW_PRIVATE_TARGETS"):
        await resolve_target(f"https://{name}/hook", False, fake_resolver)


async def test_localhost_is_refused_through_the_system_resolver() -> None:
    with pytest.raises(TargetRefused):
        await resolve_target("http://localhost:9/hook", False, system_resolver)


async def test_a_public_name_connects_to_the_address_that_was_checked() -> None:
    target = await resolve_target("https://partner.example/in?x=1", False, fake_resolver)
    assert (target.host, target.port, target.address) == ("partner.example", 443, "93.184.216.34")
    with pytest.raises(TargetRefused, match="does not resolve"):
        await resolve_target("https://nowhere.example/", False, fake_resolver)


@pytest.mark.parametrize("url", ["ftp://partner.example/x", "file:///etc/passwd", "partner.example",
                                 "http:///nohost", "http://user:pw@partner.example/",
                                 "http://partner.example:99999/", "http://a b/", ""])  # fmt: skip
def test_urls_that_are_not_http_are_refused_naming_url(url: str) -> None:
    with pytest.raises(WebhookInputError) as refused:
        checked_url(url)
    assert refused.value.argument == "url"


def test_events_are_checked() -> None:
    assert checked_events(["alert.raised", "alert.raised"]) == ["alert.raised"]
    for bad in (["alert.raised", "alert.exploded"], []):
        with pytest.raises(WebhookInputError) as refused:
            checked_events(bad)
        assert refused.value.argument == "events"


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    for attempts in range(1, 12):
        ceiling = min(60.0, 2.0 * 2 ** (attempts - 1))
        waits = [backoff(attempts, 2.0, 60.0) for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(set(waits)) > 1  # jittered
