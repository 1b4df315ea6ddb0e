// Every webhook subscription, oldest first, with its delivery counts by status (never the
// secret). Parameters: none. Returns: webhook, pending, delivered, dead.
MATCH (w:Webhook)
OPTIONAL MATCH (d:WebhookDelivery {webhookId: w.id})
WITH w, count(CASE WHEN d.status = 'pending' THEN 1 END) AS pending,
     count(CASE WHEN d.status = 'delivered' THEN 1 END) AS delivered,
     count(CASE WHEN d.status = 'dead' THEN 1 END) AS dead
RETURN w {.id, .url, .events, .description, .enabled, .createdAt} AS webhook,
       pending, delivered, dead
ORDER BY w.createdAt, w.id
