"""Reading a request body once and handing it on to the next ASGI app."""

from __future__ import annotations

from starlette.types import Message, Receive


class BodyTooLarge(Exception):
    pass


async def read_body(receive: Receive, limit: int | None = None) -> bytes:
    """The whole body; BodyTooLarge as soon as it grows past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise BodyTooLarge(size)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that gives `body` as one message, then whatever `receive` gives (disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
