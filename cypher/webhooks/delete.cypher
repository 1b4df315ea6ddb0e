// Delete a webhook subscription and its deliveries (log and queue). Parameters: $id.
// Returns: deleted (1, or no row when there was none).
MATCH (w:Webhook {id: $id})
OPTIONAL MATCH (d:WebhookDelivery {webhookId: $id})
DETACH DELETE d
WITH DISTINCT w
DETACH DELETE w
RETURN 1 AS deleted
