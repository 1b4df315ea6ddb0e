// The events and bodies queued for one webhook, oldest first (the payload is never read back
// by the service's own queries). Parameters: $webhookId. Returns: event, payload.
MATCH (d:WebhookDelivery {webhookId: $webhookId})
RETURN d.event AS event, d.payload AS payload
ORDER BY d.createdAt, d.id
