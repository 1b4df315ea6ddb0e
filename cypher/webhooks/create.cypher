// Create a webhook subscription. Parameters: $id, $url, $events (list of event names),
// $description, $secret (the whsec_ signing secret, never returned by any other query).
// Returns: webhook (its public properties).
CREATE (w:Webhook {id: $id, url: $url, events: $events, description: $description,
                   secret: $secret, enabled: true, createdAt: datetime()})
RETURN w {.id, .url, .events, .description, .enabled, .createdAt} AS webhook
