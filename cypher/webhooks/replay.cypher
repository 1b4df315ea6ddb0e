// Put dead deliveries back in the queue, with their attempts reset and the same message id:
// the one named $id, or (with $id null) every dead one of $webhookId (or of every webhook when
// that is null too). Parameters: $id, $webhookId. Returns: replayed (how many).
OPTIONAL MATCH (d:WebhookDelivery {status: 'dead'})
WHERE ($id IS NULL OR d.id = $id) AND ($webhookId IS NULL OR d.webhookId = $webhookId)
FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END |
  SET d.status = 'pending', d.attempts = 0, d.nextAttemptAt = datetime(), d.lease = null,
      d.leaseUntil = null, d.replayedAt = datetime())
RETURN count(d) AS replayed
