// How many communities community/page would list (the topic's current results).
// Parameters: $topic, $algorithm. Returns: total.
OPTIONAL MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (c:Community)
  WHERE c.topic = $topic AND c.jobId = t.resultJobId
    AND (($algorithm IS NOT NULL AND c.algorithm = $algorithm)
      OR ($algorithm IS NULL AND EXISTS {
            (c)<-[:MEMBER_OF]-(p:Person)-[r:INFLUENCE_ON {topic: $topic}]->()
            WHERE r.jobId = c.jobId AND r.community = c.id }))
  RETURN count(c) AS total
}
RETURN total
