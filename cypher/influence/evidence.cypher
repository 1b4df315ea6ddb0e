// The latest interactions behind an influence link: $engager engaged with $influencer about the
// topic or one of its subtopics. Parameters: $influencer, $engager, $topic, $limit.
// Returns: id, type, at (ISO-8601 string), sentiment, url.
MATCH (:Person {id: $engager})-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(:Person {id: $influencer})
WHERE EXISTS { (i)-[:ABOUT]->(:Topic)-[:SUBTOPIC_OF*0..]->(:Topic {id: $topic}) }
RETURN i.id AS id, i.type AS type, toString(i.at) AS at, i.sentiment AS sentiment,
       i.url AS url
ORDER BY i.at DESC, id
LIMIT $limit
