// Delete a topic's previous analysis results: its INFLUENCES edges, INFLUENCE_ON scores and
// Community nodes (with their MEMBER_OF edges). Runs only inside the write-back transaction
// after analytics/commit_job matched. Parameters: $topic, $jobId, $lease.
// Returns: influences, scores, communities (counts deleted).
MATCH (job:Job {id: $jobId, lease: $lease, status: 'succeeded'})
CALL () {
  MATCH ()-[r:INFLUENCES {topic: $topic}]->()
  DELETE r
  RETURN count(r) AS influences
}
CALL () {
  MATCH (:Person)-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
  DELETE r
  RETURN count(r) AS scores
}
CALL () {
  MATCH (c:Community {topic: $topic})
  DETACH DELETE c
  RETURN count(c) AS communities
}
RETURN influences, scores, communities
