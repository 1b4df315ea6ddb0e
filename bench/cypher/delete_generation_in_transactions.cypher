// The benchmark's alternative to the client loop: delete a whole stale generation of a
// topic's results (job $jobId) in ONE auto-commit query, `CALL { ... } IN TRANSACTIONS` of
// $limit elements each. Each inner transaction takes the write locks of the job, then of the
// topic (analytics/delete_generation's order) and checks, for each element, that the
// generation is neither the current one nor a running job's (unless $lease is that job's).
// Parameters: $topic, $jobId, $lease (or null), $limit.
// Returns: deleted (elements deleted), refused (elements the check kept).
CALL () {
  MATCH ()-[r:INFLUENCES]->()
  USING INDEX r:INFLUENCES(topic, jobId)
  WHERE r.topic = $topic AND r.jobId = $jobId
  RETURN r AS e
  UNION ALL
  MATCH ()-[r:INFLUENCE_ON]->()
  USING INDEX r:INFLUENCE_ON(topic, jobId, rank)
  WHERE r.topic = $topic AND r.jobId = $jobId AND r.rank IS NOT NULL
  RETURN r AS e
  UNION ALL
  MATCH (c:Community)<-[m:MEMBER_OF]-()
  USING INDEX c:Community(topic, jobId)
  WHERE c.topic = $topic AND c.jobId = $jobId
  RETURN m AS e
  UNION ALL
  MATCH (c:Community)
  USING INDEX c:Community(topic, jobId)
  WHERE c.topic = $topic AND c.jobId = $jobId
  RETURN c AS e
}
CALL (e) {
  OPTIONAL MATCH (j:Job {id: $jobId})
  SET j.lockedAt = datetime()
  WITH e, j
  MATCH (t:Topic {id: $topic})
  SET t.lockedAt = datetime()
  WITH e, coalesce(t.resultJobId, '') <> $jobId
       AND (j IS NULL OR j.status <> 'running' OR coalesce(j.lease = $lease, false)) AS held
  CALL (e, held) {
    WITH e WHERE held
    DETACH DELETE e
  }
  RETURN held
} IN TRANSACTIONS OF $limit ROWS
RETURN count(CASE WHEN held THEN 1 END) AS deleted, count(CASE WHEN NOT held THEN 1 END) AS refused
