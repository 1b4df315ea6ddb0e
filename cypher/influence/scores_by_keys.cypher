// Scores of (person, topic) pairs, for batched loading.
// Parameters: $keys, a list of {person, topic}. Returns: person, topic, scores (properties).
UNWIND $keys AS k
MATCH (:Person {id: k.person})-[r:INFLUENCE_ON {topic: k.topic}]->(:Topic)
RETURN k.person AS person, k.topic AS topic, properties(r) AS scores
