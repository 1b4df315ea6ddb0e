// One webhook subscription with its secret, for signing. Parameters: $id.
// Returns: webhook (all properties), or no row.
MATCH (w:Webhook {id: $id})
RETURN w {.*} AS webhook
