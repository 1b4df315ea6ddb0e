// Data migration for influence edges written before they carried a generation number (they
// carried topic, jobId and computedAt instead, lastAt as a datetime and interactions as an
// integer): number the current job of every topic that has results but no resultGeneration,
// point the topic at that number, and give its current edges the number, with lastAt in epoch
// milliseconds and interactions as a float, as GDS writes them now. Then, if any topic was
// migrated, delete the old-format edges left (stale generations, which the clean-up, keying
// on numbers, would never find). A topic is picked by one property check, so applying this at
// every start costs next to nothing once done. Locks: the job, then the topic (the order
// analytics/commit_job takes them in), then the counter (as analytics/begin_results).
// One transaction: on a store with millions of old-format edges, re-running the topics'
// analyses instead is lighter.
// Parameters: none. Returns: migrated (topics given a generation number).
MATCH (t:Topic)
WHERE t.resultJobId IS NOT NULL AND t.resultGeneration IS NULL
MATCH (job:Job {id: t.resultJobId})
SET job.lockedAt = datetime()
SET t.lockedAt = datetime()
WITH t, job
CALL (t, job) {
  MERGE (counter:ResultCounter {name: 'generation'})
  SET counter.lockedAt = datetime()
  WITH t, job, counter
  SET counter.last = coalesce(counter.last, 0) + 1
  SET job.generation = counter.last, job.generations = coalesce(job.generations, []) + counter.last,
      t.resultGeneration = counter.last
}
CALL (t, job) {
  MATCH ()-[r:INFLUENCES]->()
  WHERE r.topic = t.id AND r.jobId = job.id
  SET r.generation = toFloat(job.generation), r.interactions = toFloat(r.interactions),
      r.lastAt = toFloat(r.lastAt.epochMillis)
  REMOVE r.topic, r.jobId, r.computedAt
}
WITH count(t) AS migrated
CALL (migrated) {
  WITH migrated WHERE migrated > 0
  MATCH ()-[r:INFLUENCES]->()
  WHERE r.jobId IS NOT NULL
  DELETE r
}
RETURN migrated
