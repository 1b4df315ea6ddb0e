"""Webhook delivery throughput: N events published (one webhook subscribed), then delivered by
one delivery loop (`DeliveryWorker.run_once` until the queue is empty) to a receiver in this
process that answers 200; beside it, in the same run, the same number of signed POSTs sent
straight to the receiver the way one attempt sends them (a fresh client each, no queue): the
cost of the queue in Neo4j is the difference.

    BENCH_BOLT_PORT=... BENCH_HTTP_PORT=... .venv/bin/python -m bench.webhooks \
        [--events 2000] [--batch 10]

Runs on a local Neo4j of its own (BENCH_BOLT_PORT / BENCH_HTTP_PORT, default 7850/7851, data
in BENCH_STATE_DIR, default .state/neo4j-webhooks), which it wipes.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.queries import queries_with_bench
from bench.server import bench_server
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import wipe
from service.db.migrate import migrate
from service.localdb.server import LocalNeo4j
from service.settings import Settings
from service.webhooks.delivery import attempt
from service.webhooks.publish import body, publish
from service.webhooks.signing import new_secret
from service.webhooks.subscriptions import create_webhook
from service.webhooks.targets import system_resolver
from service.webhooks.worker import DeliveryWorker


def settings(batch: int) -> Settings:
    return bench_server(
        7850,
        ".state/neo4j-webhooks",
        "1g",
        local_pagecache="512m",
        webhook_allow_private_targets=True,
        webhook_batch=batch,
    )


class Handler(BaseHTTPRequestHandler):
    count = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        with Handler.lock:
            Handler.count += 1
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


async def direct(url: str, n: int, batch: int) -> float:
    """Seconds to send n signed POSTs, `batch` at a time, with no queue."""
    secret, payload = new_secret(), body("analysis.finished", {"n": 0}).encode()
    start = time.perf_counter()
    for first in range(0, n, batch):
        ids = [f"msg_{k}" for k in range(first, min(n, first + batch))]
        sends = [
            attempt(
                url, secret, i, payload, timeout=10, allow_private=True, resolver=system_resolver
            )
            for i in ids
        ]
        outcomes = await asyncio.gather(*sends)
        assert all(o.ok for o in outcomes)
    return time.perf_counter() - start


async def queued(db: Database, s: Settings, url: str, n: int) -> tuple[float, float]:
    """Seconds to publish n events, and to deliver them all through the queue."""
    await create_webhook(db, s, url, ["analysis.finished"])
    start = time.perf_counter()
    for k in range(n):
        await publish(db, "analysis.finished", {"n": k})
    published = time.perf_counter() - start
    worker = DeliveryWorker(db, s)
    start = time.perf_counter()
    while await worker.run_once():
        pass
    return published, time.perf_counter() - start


async def main(n: int, batch: int) -> None:
    s = settings(batch)
    LocalNeo4j(s).start(echo=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    driver = create_async_driver(s)
    try:
        db = Database.for_settings(driver, s, queries=queries_with_bench(s))
        await migrate(db)
        await wipe(db)
        baseline = await direct(url, n, batch)
        published, delivered = await queued(db, s, url, n)
    finally:
        await driver.close()
        server.shutdown()
    assert Handler.count == 2 * n, Handler.count
    print(f"events={n} batch={batch}")
    print(f"publish (one transaction per event): {n / published:8.0f} events/s")
    print(f"deliver through the queue:           {n / delivered:8.0f} deliveries/s")
    print(f"baseline, direct signed POSTs:       {n / baseline:8.0f} POSTs/s")
    print(f"queue delivery time / direct POSTs:  {delivered / baseline:8.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=10)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.batch))
