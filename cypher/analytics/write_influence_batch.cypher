// Write one batch of a generation's INFLUENCES edges (influencer -> engager: A influences B
// when B engaged with A) in the transaction of the batch: the route taken when GDS cannot
// write them (analytics/write_influences over the server's transaction memory, whose
// batches GDS sizes itself). The edges of the engagers $engagers, aggregated from the
// interactions exactly as analytics/project_topic aggregates them (weight = type weight x
// count x decay, one edge per pair; an interaction about several topics of the tree counts
// once), with the properties GDS would write: weight, interactions (a float), lastAt (epoch
// milliseconds) and the run's generation number (Job.generation). Writes only while this
// worker holds the job (the write lock of its lane $lane first, as every batch: see
// analytics/begin_results).
// Parameters: $topic, $jobId, $lease, $lane, $engagers (person ids: analytics/topic_people;
// one who performed nothing on the topic gets no edge), $since, $until, $asOf,
// $halfLifeDays, $weights. Returns: held (false: the job is no longer ours, nothing written),
// written.
MATCH (lane:JobLane {job: $jobId, lane: $lane})
SET lane.lockedAt = datetime()
WITH lane
MATCH (job:Job {id: $jobId})
WITH job, coalesce(job.status = 'running' AND job.lease = $lease, false) AS held
CALL (job, held) {
  WITH job WHERE held
  MATCH (root:Topic {id: $topic})
  WITH job, [(t:Topic)-[:SUBTOPIC_OF*0..]->(root) | t] AS topics
  UNWIND $engagers AS engagerId
  // `i` unlabelled: expanded from each engager, as in alerts/span.cypher
  MATCH (engager:Person {id: engagerId})-[:PERFORMED]->(i)-[:TARGETS]->(influencer:Person)
  WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
    AND EXISTS { (i)-[:ABOUT]->(t:Topic) WHERE t IN topics }
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
    weight: weight, interactions: toFloat(interactions), lastAt: toFloat(lastAt.epochMillis),
    generation: toFloat(job.generation)
  }]->(engager)
  RETURN count(*) AS written
}
RETURN held, written
