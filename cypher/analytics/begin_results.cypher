// First step of writing a job's results: check that this worker still holds the job, fix the
// time every row of the new generation is tagged with (computedAt), and make the job's write
// lanes. The job's write lock (SET lockedAt) comes first, as in every step that checks the
// lease.
// Lanes: a batch of results takes the write lock of its lane (JobLane {job, lane}), not the
// job's, then checks the lease, so batches of different lanes commit side by side. Whatever
// ends or takes over a running job (jobs/recover, jobs/cancel, jobs/fail) locks the job and
// then every lane of it before it changes the job: a batch that locked its lane first commits
// before that change; one that comes after it sees the change and writes nothing.
// Parameters: $jobId, $lease, $lanes (how many). Returns: computedAt (one row, or none when
// the job is no longer this worker's running job).
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
SET job.computedAt = datetime(), job.updatedAt = datetime()
FOREACH (n IN range(0, $lanes - 1) | MERGE (:JobLane {job: job.id, lane: n}))
RETURN job.computedAt AS computedAt
