"""Webhooks for partner tools: subscriptions, Standard Webhooks signing, the delivery queue
(in Neo4j) and the loop that delivers it. Other domains publish events with
`service.webhooks.publish.publish` (or `publish_step`, inside their own transaction)."""
