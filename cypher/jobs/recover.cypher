// Take back running jobs whose lease expired (their worker died): re-queue them, or fail them
// after $maxAttempts runs. Parameters: $maxAttempts. Returns: id, status (new), worker (the
// lost one), topic per recovered job; the caller drops their leftover projections and deletes
// the results they had staged.
MATCH (j:Job {status: 'running'})
WHERE j.leaseUntil < datetime()
SET j.lockedAt = datetime()
WITH j WHERE j.status = 'running' AND j.leaseUntil < datetime()
CALL (j) {  // then every lane of it: see analytics/begin_results
  MATCH (lane:JobLane {job: j.id})
  SET lane.lockedAt = datetime()
}
WITH j, j.worker AS lost
SET j.status = CASE WHEN j.attempts >= $maxAttempts THEN 'failed' ELSE 'queued' END,
    j.error = 'worker ' + lost + ' stopped renewing its lease',
    j.finishedAt = CASE WHEN j.attempts >= $maxAttempts THEN datetime() END,
    j.recoveries = coalesce(j.recoveries, 0) + 1,
    j.lease = null, j.worker = null, j.stage = 'recovered', j.progress = 0.0,
    j.updatedAt = datetime()
RETURN j.id AS id, j.status AS status, lost AS worker, j.topic AS topic
