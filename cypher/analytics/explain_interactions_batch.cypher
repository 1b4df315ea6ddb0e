// The strongest interactions toward each of several persons on a topic (or its subtopics) in
// a window, by weight ($weights[type] * count), for a whole page at once: explain_interactions
// for every id of $persons. Parameters: $topic, $persons (list of ids), $weights (map),
// $since, $until (ISO or null), $limit (per person).
// Returns one record per explained person: explained (the person), rows (a list, strongest
// first, of {id, type, actor, at (ISO-8601 string), sentiment, weight, url}). A record per
// person rather than per row: the driver decodes one list far faster than as many records.
MATCH (root:Topic {id: $topic})
WITH collect {
  MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
  RETURN t
} AS topics
UNWIND $persons AS explained
CALL {
  WITH topics, explained
  // `i` unlabelled: expanded from each person, as in alerts/span.cypher
  MATCH (actor:Person)-[:PERFORMED]->(i)-[:TARGETS]->(:Person {id: explained})
  WHERE EXISTS { MATCH (i)-[:ABOUT]->(t) WHERE t IN topics }
    AND ($since IS NULL OR i.at >= datetime($since))
    AND ($until IS NULL OR i.at < datetime($until))
  WITH DISTINCT i, actor
  WITH i.id AS id, i.type AS type, actor.id AS actor, i.at AS at, i.sentiment AS sentiment,
       coalesce($weights[i.type], 0.0) * coalesce(i.count, 1) AS weight, i.url AS url
  ORDER BY weight DESC, at DESC, id
  LIMIT $limit
  RETURN collect({
    id: id, type: type, actor: actor, at: toString(at), sentiment: sentiment, weight: weight,
    url: url
  }) AS rows
}
RETURN explained, rows
