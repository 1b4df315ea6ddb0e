// Record a successful attempt of a leased delivery. Parameters: $id, $lease, $status (the
// receiver's HTTP status). Returns: id, or no row when the lease was lost.
MATCH (d:WebhookDelivery {id: $id, lease: $lease})
SET d.status = 'delivered', d.attempts = d.attempts + 1, d.lastStatus = $status,
    d.lastError = null, d.deliveredAt = datetime(), d.lastAttemptAt = datetime(),
    d.lease = null, d.leaseUntil = null
RETURN d.id AS id
