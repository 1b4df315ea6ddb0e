// How many people a topic's ranking holds (optionally of one role).
// Parameters: $topic, $role (or null). Returns: total.
MATCH (:Person)-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
WHERE $role IS NULL OR r.role = $role
RETURN count(r) AS total
