// The switch, ONE small transaction after every batch of the job's results is written: mark
// the job succeeded and point its topic at the new generation (Topic.resultJobId, and the
// number its INFLUENCES edges carry, Topic.resultGeneration), if this worker still holds the
// job. From the commit on, readers see the new results and only them; until it, only the
// previous ones. A job cancelled or taken over meanwhile switches nothing
// (its staged rows stay invisible until deleted). Lock order: the job (SET lockedAt), then the
// topic. The topic keeps the count of people the generation ranks (Topic.resultCount), which
// rankings read as their totalCount. Parameters: $jobId, $lease, $topic, $summary (JSON
// string), $ranked (the number of scores written).
// Returns: id, finishedAt, previous (the topic's result job before, or null); one row, or
// none when the job is no longer this worker's.
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
MATCH (t:Topic {id: $topic})
WITH job, t, t.resultJobId AS previous
SET job.status = 'succeeded', job.progress = 1.0, job.stage = 'done',
    job.finishedAt = datetime(), job.updatedAt = datetime(), job.summary = $summary,
    job.error = null,
    t.resultJobId = $jobId, t.resultGeneration = job.generation, t.resultAt = datetime(),
    t.resultCount = $ranked
RETURN job.id AS id, job.finishedAt AS finishedAt, previous
