// Bench: a topic's influence edges exported for igraph, aggregated exactly as the projection
// (analytics/project_topic) does, without decay. Parameters: $topic, $weights (map).
// Returns: engager, influencer (person ids), weight.
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
MATCH (t)<-[:ABOUT]-(i:Interaction)
WITH DISTINCT i
MATCH (engager:Person)-[:PERFORMED]->(i)-[:TARGETS]->(influencer:Person)
WITH engager, influencer, sum(coalesce($weights[i.type], 0.0) * coalesce(i.count, 1)) AS weight
WHERE weight > 0
RETURN engager.id AS engager, influencer.id AS influencer, weight
