// A worker renews its lease and reports progress. Parameters: $id, $lease, $leaseSeconds,
// $progress (0..1), $stage. Returns: status (the job's status: 'cancelled' tells the worker to
// stop) and held (false when another worker took the job over).
MATCH (j:Job {id: $id})
WITH j, j.lease = $lease AND j.status = 'running' AS held
FOREACH (_ IN CASE WHEN held THEN [1] ELSE [] END |
  SET j.heartbeatAt = datetime(), j.leaseUntil = datetime() + duration({seconds: $leaseSeconds}),
      j.progress = $progress, j.stage = $stage, j.updatedAt = datetime())
RETURN j.status AS status, held
