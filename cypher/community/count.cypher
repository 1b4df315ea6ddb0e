// How many communities community/page would list (same choice of algorithm).
// Parameters: $topic, $algorithm (or null: the one on the INFLUENCE_ON scores). Returns: total.
OPTIONAL MATCH (:Person)-[r:INFLUENCE_ON]->(:Topic)
WHERE r.topic = $topic AND r.rank >= 1 AND r.community IS NOT NULL
WITH r LIMIT 1
OPTIONAL MATCH (named:Community {id: r.community})
WITH coalesce($algorithm, named.algorithm) AS algorithm
MATCH (c:Community {topic: $topic})
WHERE c.algorithm = algorithm
RETURN count(c) AS total
