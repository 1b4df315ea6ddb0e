// Record that a job failed, with the reason, if this worker still holds it (or the job was
// cancelled while it ran: then it stays cancelled). Parameters: $id, $lease, $error.
// Returns: status (after the update), or no row when the job is not ours.
MATCH (j:Job {id: $id})
SET j.lockedAt = datetime()
WITH j WHERE j.lease = $lease AND j.status IN ['running', 'cancelled']
CALL (j) {  // then every lane of it: see analytics/begin_results
  MATCH (lane:JobLane {job: j.id})
  SET lane.lockedAt = datetime()
}
SET j.status = CASE j.status WHEN 'cancelled' THEN 'cancelled' ELSE 'failed' END,
    j.error = CASE j.status WHEN 'cancelled' THEN j.error ELSE $error END,
    j.finishedAt = coalesce(j.finishedAt, datetime()), j.updatedAt = datetime()
RETURN j.status AS status
