// A worker renews its lease and reports progress. The write lock (SET lockedAt) comes first,
// so a heartbeat racing the job's final commit sees the committed status and changes nothing.
// Parameters: $id, $lease, $leaseSeconds, $progress (0..1), $stage. Returns: status (the job's
// status: 'cancelled' tells the worker to stop) and held (false when the job is no longer
// this worker's running job).
MATCH (j:Job {id: $id})
SET j.lockedAt = datetime()
WITH j, j.lease = $lease AND j.status = 'running' AS held
FOREACH (_ IN CASE WHEN held THEN [1] ELSE [] END |
  SET j.heartbeatAt = datetime(), j.leaseUntil = datetime() + duration({seconds: $leaseSeconds}),
      j.progress = $progress, j.stage = $stage, j.updatedAt = datetime())
RETURN j.status AS status, held
