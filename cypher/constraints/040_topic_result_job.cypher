// Data migration for results written before generations existed (one write transaction per
// job, no Topic.resultJobId): point such a topic at the succeeded job its INFLUENCE_ON scores
// come from (the latest finished, should there be several), so readers see them. Topics that
// have a resultJobId, or no scores, are left alone; so are scores of jobs that did not
// succeed (staged rows of a running job, leftovers: the next job on the topic deletes them).
// The topic's write lock (SET lockedAt) comes before the check, so this never overrides the
// switch of a job that commits meanwhile. Idempotent: applied at every start.
// Parameters: none. Returns: migrated (topics pointed at their results).
MATCH (t:Topic)
WHERE t.resultJobId IS NULL AND EXISTS { (t)<-[:INFLUENCE_ON]-(:Person) }
SET t.lockedAt = datetime()
WITH t WHERE t.resultJobId IS NULL
CALL (t) {
  MATCH (t)<-[r:INFLUENCE_ON]-(:Person)
  WITH DISTINCT r.jobId AS jobId
  MATCH (j:Job {id: jobId, status: 'succeeded'})
  RETURN j.id AS jobId
  ORDER BY j.finishedAt DESC
  LIMIT 1
}
SET t.resultJobId = jobId
RETURN count(t) AS migrated
