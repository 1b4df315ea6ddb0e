// How many communities community/page would list (the topic's current results, the same
// choice of algorithm). Parameters: $topic, $algorithm (or null: the one on the INFLUENCE_ON
// scores). Returns: total.
OPTIONAL MATCH (t:Topic {id: $topic})
CALL (t) {
  OPTIONAL MATCH (:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank >= 1
    AND r.community IS NOT NULL
  WITH r LIMIT 1
  OPTIONAL MATCH (named:Community {id: r.community, jobId: r.jobId})
  RETURN coalesce($algorithm, named.algorithm) AS algorithm
}
CALL (t, algorithm) {
  MATCH (c:Community)
  WHERE c.topic = $topic AND c.jobId = t.resultJobId AND c.algorithm = algorithm
  RETURN count(c) AS total
}
RETURN total
