// Test only: put a topic's current INFLUENCES edges back in the format written before edges
// carried a generation number (topic, jobId and computedAt; lastAt a datetime; interactions
// an integer), forget the topic's resultGeneration, and add one edge of an older, stale
// generation ($staleJob) between two of its people. Parameters: $topic, $staleJob.
// Returns: reverted (edges put back), stale (1).
MATCH (t:Topic {id: $topic})
MATCH (job:Job {id: t.resultJobId})
CALL (t, job) {
  MATCH ()-[r:INFLUENCES]->()
  WHERE r.generation = t.resultGeneration
  SET r.topic = t.id, r.jobId = job.id, r.computedAt = job.computedAt,
      r.interactions = toInteger(r.interactions),
      r.lastAt = datetime({epochMillis: toInteger(r.lastAt)})
  REMOVE r.generation
  RETURN count(r) AS reverted
}
REMOVE t.resultGeneration
WITH t, reverted
MATCH (a:Person)-[:INFLUENCES {topic: $topic}]->(b:Person)
WITH t, reverted, a, b LIMIT 1
CREATE (b)-[:INFLUENCES {topic: $topic, jobId: $staleJob, weight: 1.0, interactions: 1,
                         lastAt: datetime(), computedAt: datetime()}]->(a)
RETURN reverted, 1 AS stale
