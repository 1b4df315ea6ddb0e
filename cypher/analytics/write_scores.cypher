// Write one batch of INFLUENCE_ON scores (person -> topic) as staged rows of the job's
// generation (jobId; invisible to readers until analytics/commit_job). $rows: list of
// {person, props}, where props holds score, rank, role, roles and every component with its
// percentile. Writes only while this worker holds the job (the write lock of its lane $lane
// first: see analytics/begin_results).
// Parameters: $topic, $jobId, $lease, $lane, $rows.
// Returns: held (false: nothing written), written.
MATCH (lane:JobLane {job: $jobId, lane: $lane})
SET lane.lockedAt = datetime()
WITH lane
MATCH (job:Job {id: $jobId})
WITH job, coalesce(job.status = 'running' AND job.lease = $lease, false) AS held
CALL (job, held) {
  WITH job WHERE held
  MATCH (t:Topic {id: $topic})
  UNWIND $rows AS row
  MATCH (p:Person {id: row.person})
  CREATE (p)-[r:INFLUENCE_ON]->(t)
  SET r = row.props, r.topic = $topic, r.jobId = $jobId, r.computedAt = job.computedAt
  RETURN count(*) AS written
}
RETURN held, written
