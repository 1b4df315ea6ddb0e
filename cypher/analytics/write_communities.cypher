// Write one batch of Community nodes of the job's generation (jobId; invisible to readers
// until analytics/commit_job); their members follow with analytics/write_memberships. Writes
// only while this worker holds the job (the write lock of its lane $lane first: see
// analytics/begin_results).
// Parameters: $topic, $jobId, $lease, $lane, $rows: list of {id, algorithm, number, size,
// leaders (ids of its best-ranked members, best first)}.
// Returns: held (false: nothing written), written.
MATCH (lane:JobLane {job: $jobId, lane: $lane})
SET lane.lockedAt = datetime()
WITH lane
MATCH (job:Job {id: $jobId})
WITH job, coalesce(job.status = 'running' AND job.lease = $lease, false) AS held
CALL (job, held) {
  WITH job WHERE held
  UNWIND $rows AS row
  CREATE (c:Community {
    id: row.id, topic: $topic, algorithm: row.algorithm, number: row.number, size: row.size,
    leaders: row.leaders, jobId: $jobId, computedAt: job.computedAt
  })
  RETURN count(*) AS written
}
RETURN held, written
