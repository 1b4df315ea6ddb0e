// Claim the oldest queued job (or the queued job $id when given) for a worker. The write lock
// taken by SET lockedAt makes the status check safe: two workers never both claim one job
// (the loser gets no row and tries again). Parameters: $id (or null), $worker, $lease (a fresh
// token), $leaseSeconds. Returns: job (its properties), or no row.
MATCH (j:Job {status: 'queued'})
WHERE $id IS NULL OR j.id = $id
WITH j ORDER BY j.createdAt, j.id LIMIT 1
SET j.lockedAt = datetime()
WITH j WHERE j.status = 'queued'
SET j.status = 'running', j.worker = $worker, j.lease = $lease, j.stage = 'starting',
    j.attempts = coalesce(j.attempts, 0) + 1, j.startedAt = datetime(),
    j.heartbeatAt = datetime(), j.leaseUntil = datetime() + duration({seconds: $leaseSeconds}),
    j.updatedAt = datetime()
RETURN j {.*} AS job
