// The people behind each of several persons' influence on a topic (its current results), for
// a whole page at once: explain_people for every id of $persons. Parameters: $topic,
// $persons (list of ids), $limit (per person).
// Returns one record per explained person: explained (the person), rows (a list, strongest
// first, of {person, name, weight, interactions, contribution, lastAt (ISO-8601 string)}).
// A record per person rather than per row: the driver decodes one list far faster than as
// many records (issue 17: thousands of records per page held the event loop).
MATCH (t:Topic {id: $topic})
UNWIND $persons AS explained
CALL {
  WITH t, explained
  MATCH (p:Person {id: explained})-[edge:INFLUENCES]->(engager:Person)
  WHERE edge.generation = t.resultGeneration
  OPTIONAL MATCH (engager)-[s:INFLUENCE_ON {topic: $topic}]->(:Topic)
  WHERE s.jobId = t.resultJobId
  WITH engager, edge,
       CASE WHEN s.outDegree > 0 THEN 0.85 * s.authority * edge.weight / s.outDegree END
         AS contribution
  WITH engager.id AS person, engager.name AS name, edge.weight AS weight,
       toInteger(edge.interactions) AS interactions, contribution,
       toString(datetime({epochMillis: toInteger(edge.lastAt)})) AS lastAt
  ORDER BY coalesce(contribution, 0.0) DESC, weight DESC, person
  LIMIT $limit
  RETURN collect({
    person: person, name: name, weight: weight, interactions: interactions,
    contribution: contribution, lastAt: lastAt
  }) AS rows
}
RETURN explained, rows
