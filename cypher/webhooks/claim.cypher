// Lease up to $limit due deliveries: pending ones whose next attempt is due and whose lease
// (if any) has expired, so a delivery held by a worker that died is taken again. The write
// lock taken by SET makes the check safe between workers. Parameters: $lease, $leaseSeconds,
// $limit. Returns: delivery (its properties), webhook (url, secret, enabled), one row each.
MATCH (d:WebhookDelivery {status: 'pending'})
WHERE d.nextAttemptAt <= datetime() AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime())
WITH d ORDER BY d.nextAttemptAt, d.id LIMIT $limit
SET d.lockedAt = datetime()
WITH d
WHERE d.status = 'pending' AND (d.leaseUntil IS NULL OR d.leaseUntil < datetime())
MATCH (w:Webhook {id: d.webhookId})
SET d.lease = $lease, d.leaseUntil = datetime() + duration({seconds: $leaseSeconds})
RETURN d {.id, .event, .timestamp, .payload, .attempts} AS delivery,
       w {.id, .url, .secret} AS webhook
