// Record a failed attempt of a leased delivery: retry after $delaySeconds, or park it in the
// dead-letter list ($dead). Parameters: $id, $lease, $status (HTTP status or null), $error,
// $delaySeconds, $dead. Returns: status (pending or dead), or no row when the lease was lost.
MATCH (d:WebhookDelivery {id: $id, lease: $lease})
SET d.attempts = d.attempts + 1, d.lastStatus = $status, d.lastError = $error,
    d.lastAttemptAt = datetime(), d.lease = null, d.leaseUntil = null,
    d.status = CASE WHEN $dead THEN 'dead' ELSE 'pending' END,
    d.nextAttemptAt = datetime() + duration({milliseconds: toInteger($delaySeconds * 1000)})
RETURN d.status AS status
