// First step of the write-back transaction: mark the job succeeded, if this worker still holds
// it. The following steps only write when this one matched, so a job cancelled or taken over
// meanwhile writes nothing. Parameters: $jobId, $lease, $summary (JSON string).
// Returns: id, finishedAt (one row, or none when the job is no longer ours).
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
SET job.status = 'succeeded', job.progress = 1.0, job.stage = 'done',
    job.finishedAt = datetime(), job.updatedAt = datetime(), job.summary = $summary,
    job.error = null
RETURN job.id AS id, job.finishedAt AS finishedAt
