// The strongest interactions toward a person on a topic (or its subtopics) in a window, by
// weight ($weights[type] * count). Parameters: $topic, $person, $weights (map), $since, $until
// (ISO or null), $limit. Returns: id, type, actor, at (ISO-8601 string), sentiment, weight,
// url.
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
MATCH (actor:Person)-[:PERFORMED]->(i)-[:TARGETS]->(:Person {id: $person})
WHERE (i)-[:ABOUT]->(t)
  AND ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
WITH DISTINCT i, actor
RETURN i.id AS id, i.type AS type, actor.id AS actor, toString(i.at) AS at,
       i.sentiment AS sentiment,
       coalesce($weights[i.type], 0.0) * coalesce(i.count, 1) AS weight, i.url AS url
ORDER BY weight DESC, i.at DESC, id
LIMIT $limit
