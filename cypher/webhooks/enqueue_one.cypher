// Queue one event for one webhook, whatever it subscribes to (`influence-graph webhooks
// test`). Parameters: $webhookId, $event, $messageId, $timestamp, $payload.
// Returns: delivery (its id), or no row when the webhook does not exist.
MATCH (w:Webhook {id: $webhookId})
CREATE (d:WebhookDelivery {id: $messageId, webhookId: w.id, event: $event,
        timestamp: $timestamp, payload: $payload, status: 'pending', attempts: 0,
        createdAt: datetime(), nextAttemptAt: datetime()})
RETURN d.id AS delivery
