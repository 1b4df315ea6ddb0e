// Write a batch of a topic's INFLUENCES edges (influencer -> engager: A influences B when B
// engaged with A). Part of the write-back transaction, after analytics/commit_job matched.
// Parameters: $topic, $jobId, $lease, $rows: list of {influencer, engager, weight, interactions,
// lastAt (epoch millis)}. Returns: written.
MATCH (job:Job {id: $jobId, lease: $lease, status: 'succeeded'})
UNWIND $rows AS row
MATCH (a:Person {id: row.influencer})
MATCH (b:Person {id: row.engager})
CREATE (a)-[:INFLUENCES {
  topic: $topic, weight: row.weight, interactions: row.interactions,
  lastAt: datetime({epochMillis: row.lastAt}), jobId: $jobId, computedAt: job.finishedAt
}]->(b)
RETURN count(*) AS written
