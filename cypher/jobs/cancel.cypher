// Cancel a queued or running job; a running job's worker stops at its next heartbeat and drops
// its projection. Parameters: $id. Returns: job (its properties), or no row when there is no
// such job. A finished job is returned unchanged.
MATCH (j:Job {id: $id})
SET j.lockedAt = datetime()
WITH j
CALL (j) {  // then every lane of it: see analytics/begin_results
  MATCH (lane:JobLane {job: j.id})
  SET lane.lockedAt = datetime()
}
FOREACH (_ IN CASE WHEN j.status IN ['queued', 'running'] THEN [1] ELSE [] END |
  SET j.status = 'cancelled', j.error = 'cancelled by request', j.finishedAt = datetime(),
      j.updatedAt = datetime())
RETURN j {.*} AS job
