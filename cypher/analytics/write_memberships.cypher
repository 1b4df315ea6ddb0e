// Write one batch of MEMBER_OF edges from people to the Community nodes of the job's
// generation (written before by analytics/write_communities). Writes only while this worker
// holds the job (the write lock of its lane $lane first: see analytics/begin_results).
// Parameters: $jobId, $lease, $lane, $rows: list of {person, community (id)}.
// Returns: held (false: nothing written), written.
MATCH (lane:JobLane {job: $jobId, lane: $lane})
SET lane.lockedAt = datetime()
WITH lane
MATCH (job:Job {id: $jobId})
WITH job, coalesce(job.status = 'running' AND job.lease = $lease, false) AS held
CALL (job, held) {
  WITH job WHERE held
  UNWIND $rows AS row
  MATCH (c:Community {id: row.community, jobId: $jobId})
  MATCH (p:Person {id: row.person})
  CREATE (p)-[:MEMBER_OF]->(c)
  RETURN count(*) AS written
}
RETURN held, written
