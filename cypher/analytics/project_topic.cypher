// Cypher projection of a topic's influence graph into the GDS catalog.
// An interaction (engager)-[:PERFORMED]->(i)-[:TARGETS]->(influencer) about the topic or one of
// its subtopics, in [$since, $until), adds weight $weights[type] * count * decay to the edge
// engager -> influencer (ENGAGES, what the algorithms walk; one edge per pair). decay = 0.5 ^
// (age / half-life), age counted from $asOf; no decay when $halfLifeDays is null. HITS needs
// the inverse index. With a $generation (a number), each pair is projected a second time the
// other way, influencer -> engager (INFLUENCES, tagged `generation`), which analytics/
// write_influences writes back to the database as the generation's stored INFLUENCES edges.
// Every row passes the same map literal of properties: GDS takes the keys of the first row and
// reads the others' values in that order, so maps of different shapes mislabel the values.
// Parameters: $graphName, $topic, $since, $until (ISO or null), $asOf (ISO), $halfLifeDays
// (number or null), $weights (map type -> weight), $generation (number or null).
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
UNWIND CASE WHEN $generation IS NULL THEN [false] ELSE [false, true] END AS stored
RETURN gds.graph.project(
  $graphName,
  CASE WHEN stored THEN influencer ELSE engager END,
  CASE WHEN stored THEN engager ELSE influencer END,
  {
    relationshipType: CASE WHEN stored THEN 'INFLUENCES' ELSE 'ENGAGES' END,
    relationshipProperties: {
      weight: weight, interactions: toFloat(interactions), lastAt: toFloat(lastAt.epochMillis),
      generation: coalesce(toFloat($generation), -1.0)
    }
  },
  {inverseIndexedRelationshipTypes: ['ENGAGES']}
) AS g
