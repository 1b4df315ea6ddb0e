// How many people a topic's ranking holds (current generation, optionally of one role).
// Parameters: $topic, $role (or null). Returns: total.
OPTIONAL MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank IS NOT NULL
    AND ($role IS NULL OR r.role = $role)
  RETURN count(r) AS total
}
RETURN total
