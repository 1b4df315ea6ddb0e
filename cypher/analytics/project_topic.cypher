// Cypher projection of a topic's influence graph into the GDS catalog.
// An interaction (engager)-[:PERFORMED]->(i)-[:TARGETS]->(influencer) about the topic or one of
// its subtopics, in [$since, $until), adds weight $weights[type] * count * decay to the edge
// engager -> influencer (INFLUENCES; one edge per pair). decay = 0.5 ^ (age / half-life), age
// counted from $asOf; no decay when $halfLifeDays is null. HITS needs the inverse index.
// Parameters: $graphName, $topic, $since, $until (ISO or null), $asOf (ISO), $halfLifeDays
// (number or null), $weights (map type -> weight).
// Returns: g, the projection's summary (graphName, nodeCount, relationshipCount, projectMillis...).
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
MATCH (t)<-[:ABOUT]-(i:Interaction)
WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
WITH DISTINCT i
MATCH (engager:Person)-[:PERFORMED]->(i)-[:TARGETS]->(influencer:Person)
WITH engager, influencer, i,
     CASE WHEN $halfLifeDays IS NULL THEN 1.0
          ELSE 0.5 ^ (duration.inSeconds(i.at, datetime($asOf)).seconds / 86400.0 / $halfLifeDays)
     END AS decay
WITH engager, influencer,
     sum(coalesce($weights[i.type], 0.0) * coalesce(i.count, 1) * decay) AS weight,
     sum(coalesce(i.count, 1)) AS interactions,
     max(i.at) AS lastAt
WHERE weight > 0
RETURN gds.graph.project(
  $graphName, engager, influencer,
  {
    relationshipType: 'INFLUENCES',
    relationshipProperties: {
      weight: weight, interactions: toFloat(interactions), lastAt: toFloat(lastAt.epochMillis)
    }
  },
  {inverseIndexedRelationshipTypes: ['INFLUENCES']}
) AS g
