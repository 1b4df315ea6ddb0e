// Write a topic's INFLUENCES edges (influencer -> engager: A influences B when B engaged with
// A), aggregated from the interactions exactly as analytics/project_topic aggregates them for
// the projection, inside the write-back transaction (after analytics/commit_job matched), so
// no edge list travels to the client and back.
// Parameters: $topic, $jobId, $lease, $since, $until, $asOf, $halfLifeDays, $weights.
// Returns: written.
MATCH (job:Job {id: $jobId, lease: $lease, status: 'succeeded'})
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
MATCH (t)<-[:ABOUT]-(i:Interaction)
WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
WITH DISTINCT job, i
MATCH (engager:Person)-[:PERFORMED]->(i)-[:TARGETS]->(influencer:Person)
WITH job, engager, influencer, i,
     CASE WHEN $halfLifeDays IS NULL THEN 1.0
          ELSE 0.5 ^ (duration.inSeconds(i.at, datetime($asOf)).seconds / 86400.0 / $halfLifeDays)
     END AS decay
WITH job, engager, influencer,
     sum(coalesce($weights[i.type], 0.0) * coalesce(i.count, 1) * decay) AS weight,
     sum(coalesce(i.count, 1)) AS interactions,
     max(i.at) AS lastAt
WHERE weight > 0
CREATE (influencer)-[:INFLUENCES {
  topic: $topic, weight: weight, interactions: interactions, lastAt: lastAt,
  jobId: $jobId, computedAt: job.finishedAt
}]->(engager)
RETURN count(*) AS written
