// Native-projection route, step 1: materialise a topic's influence edges (same aggregation as
// analytics/project_topic) as relationships of the job's own type $stageType between people
// given the job's own label $stageLabel, so a native projection can select exactly them.
// analytics/unstage_edges and analytics/unstage_labels remove them again.
// Parameters: $stageType, $stageLabel, $topic, $since, $until, $asOf, $halfLifeDays, $weights.
// Returns: edges (count created).
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
SET engager:$($stageLabel), influencer:$($stageLabel)
CREATE (engager)-[:$($stageType) {
  weight: weight, interactions: toFloat(interactions), lastAt: toFloat(lastAt.epochMillis)
}]->(influencer)
RETURN count(*) AS edges
