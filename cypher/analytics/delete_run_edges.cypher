// Delete up to $limit of the INFLUENCES edges the job's current run has written
// (Job.generation), while this worker holds the job: what a GDS write that ran out of
// transaction memory committed before it failed, before the edges are written in batches
// instead. Repeat until it returns 0. Parameters: $jobId, $lease, $limit. Returns: deleted.
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
CALL (job) {
  MATCH ()-[r:INFLUENCES]->()
  USING INDEX r:INFLUENCES(generation)
  WHERE r.generation = job.generation
  WITH r LIMIT $limit
  DELETE r
  RETURN count(r) AS deleted
}
RETURN deleted
