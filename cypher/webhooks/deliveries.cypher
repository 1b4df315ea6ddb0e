// The delivery log of one webhook, newest first, optionally only one status. Parameters:
// $webhookId, $status (or null), $limit. Returns: delivery (its properties but the payload
// and lease).
MATCH (d:WebhookDelivery {webhookId: $webhookId})
WHERE $status IS NULL OR d.status = $status
RETURN d {.id, .event, .status, .attempts, .lastStatus, .lastError, .createdAt,
          .lastAttemptAt, .deliveredAt, .nextAttemptAt} AS delivery
ORDER BY d.createdAt DESC, d.id DESC
LIMIT $limit
