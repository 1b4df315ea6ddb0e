// First step of a job's run that writes results: check that this worker still holds the job,
// fix the time every row of the new generation is tagged with (computedAt), number the run's
// generation and make the job's write lanes. The job's write lock (SET lockedAt) comes first,
// as in every step that checks the lease.
// Generation numbers: one per run, from the ResultCounter (unique by name, locked before it is
// read, so concurrent runs get different numbers). The INFLUENCES edges GDS writes carry the
// number (`generation`); Job.generation is the run's, Job.generations every run's, so the
// clean-up finds what a dead or overtaken run of the job left (analytics/delete_generation).
// Lanes: a batch of results takes the write lock of its lane (JobLane {job, lane}), not the
// job's, then checks the lease, so batches of different lanes commit side by side. Whatever
// ends or takes over a running job (jobs/recover, jobs/cancel, jobs/fail) locks the job and
// then every lane of it before it changes the job: a batch that locked its lane first commits
// before that change; one that comes after it sees the change and writes nothing.
// Parameters: $jobId, $lease, $lanes (how many). Returns: computedAt, generation (one row, or
// none when the job is no longer this worker's running job).
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
MERGE (counter:ResultCounter {name: 'generation'})
SET counter.lockedAt = datetime()
WITH job, counter
SET counter.last = coalesce(counter.last, 0) + 1
SET job.computedAt = datetime(), job.updatedAt = datetime(), job.generation = counter.last,
    job.generations = coalesce(job.generations, []) + counter.last
FOREACH (n IN range(0, $lanes - 1) | MERGE (:JobLane {job: job.id, lane: n}))
RETURN job.computedAt AS computedAt, job.generation AS generation
