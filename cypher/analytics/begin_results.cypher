// First step of writing a job's results: check that this worker still holds the job and fix
// the time every row of the new generation is tagged with (computedAt). The job's write lock
// (SET lockedAt) comes first, as in every step that checks the lease.
// Parameters: $jobId, $lease. Returns: computedAt (one row, or none when the job is no longer
// this worker's running job).
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
SET job.computedAt = datetime(), job.updatedAt = datetime()
RETURN job.computedAt AS computedAt
