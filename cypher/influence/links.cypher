// Who influences a person on a topic ($direction 'in': the people they engaged with), or whom
// the person influences ($direction 'out': the people who engaged with them), strongest first,
// after a keyset cursor; the topic's current results only (Topic.resultGeneration). Parameters: $person, $topic,
// $direction, $afterWeight, $afterId (null for the first page), $limit.
// Returns: one row, rows: a list of {person (id), weight, interactions, lastAt (an ISO-8601
// string, cheaper for the driver than a temporal value)}.
MATCH (t:Topic {id: $topic})
MATCH (me:Person {id: $person})
CALL (me, t) {
  MATCH (other:Person)-[r:INFLUENCES]->(me)
  WHERE $direction = 'in' AND r.generation = t.resultGeneration
  RETURN other, r
  UNION
  MATCH (me)-[r:INFLUENCES]->(other:Person)
  WHERE $direction = 'out' AND r.generation = t.resultGeneration
  RETURN other, r
}
WITH other, r
WHERE $afterId IS NULL OR r.weight < $afterWeight OR (r.weight = $afterWeight AND other.id > $afterId)
WITH other, r
ORDER BY r.weight DESC, other.id
LIMIT $limit
RETURN collect({
  person: other.id, weight: r.weight, interactions: toInteger(r.interactions),
  lastAt: toString(datetime({epochMillis: toInteger(r.lastAt)}))
}) AS rows
