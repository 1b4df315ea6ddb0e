// Scores of (person, topic) pairs from each topic's current results, for batched loading.
// Parameters: $keys, a list of {person, topic}. Returns: person, topic, scores (properties).
UNWIND $keys AS k
MATCH (t:Topic {id: k.topic})
MATCH (:Person {id: k.person})-[r:INFLUENCE_ON {topic: k.topic}]->(:Topic)
WHERE r.jobId = t.resultJobId
RETURN k.person AS person, k.topic AS topic, properties(r) AS scores
