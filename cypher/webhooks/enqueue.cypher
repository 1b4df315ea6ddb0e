// Publish one event: one pending delivery per enabled webhook subscribed to it, each with its
// own stable message id ($messageId + '_' + the webhook id). Parameters: $event, $messageId,
// $timestamp (seconds since the epoch, the `webhook-timestamp`), $payload (the JSON body).
// Returns: queued (the number of deliveries created).
OPTIONAL MATCH (w:Webhook {enabled: true})
WHERE $event IN w.events
WITH collect(w) AS hooks
UNWIND (CASE WHEN size(hooks) = 0 THEN [null] ELSE hooks END) AS w
FOREACH (_ IN CASE WHEN w IS NULL THEN [] ELSE [1] END |
  CREATE (:WebhookDelivery {id: $messageId + '_' + w.id, webhookId: w.id, event: $event,
          timestamp: $timestamp, payload: $payload, status: 'pending', attempts: 0,
          createdAt: datetime(), nextAttemptAt: datetime()}))
RETURN count(w) AS queued
