// Delete one batch of a stale generation of a topic's results (job $jobId): up to $limit each
// of its INFLUENCE_ON scores and MEMBER_OF edges, and, once no MEMBER_OF is left, up to $limit
// of its Community nodes; and up to $limit of the INFLUENCES edges of the job's runs
// (Job.generations: by number). Repeat until every count is 0. Scores and communities: refuses
// (held = false) the topic's current generation and a running job's, unless $lease is that
// job's lease (a worker clearing what an earlier run of its own job left). INFLUENCES edges:
// never the number the topic reads (Topic.resultGeneration) nor the one a running job is
// writing (Job.generation), whatever `held` says; those of a job's other runs go (a dead or
// overtaken run's).
// The write locks of the job, then of the topic (SET lockedAt; the order analytics/commit_job
// takes them in) come before the check, so the check reads what is committed and no job can
// switch to the generation, or start writing it, while its rows are being deleted.
// Every match seeks an index, the score and community ones by hint: planned by itself, the
// INFLUENCE_ON match (under LIMIT) scanned, again at each batch.
// Parameters: $topic, $jobId, $lease (or null), $limit.
// Returns: held, influences, scores, memberships, communities (counts deleted).
OPTIONAL MATCH (j:Job {id: $jobId})
SET j.lockedAt = datetime()
WITH j
MATCH (t:Topic {id: $topic})
SET t.lockedAt = datetime()
WITH t, j,
     coalesce(t.resultJobId, '') <> $jobId
     AND (j IS NULL OR j.status <> 'running' OR coalesce(j.lease = $lease, false)) AS held
CALL (t, j) {
  UNWIND [g IN coalesce(j.generations, [])
          WHERE g <> coalesce(t.resultGeneration, -1)
            AND NOT (j.status = 'running' AND g = j.generation)] AS g
  MATCH ()-[r:INFLUENCES]->()
  USING INDEX r:INFLUENCES(generation)
  WHERE r.generation = g
  WITH r LIMIT $limit
  DELETE r
  RETURN count(r) AS influences
}
CALL (held) {
  MATCH ()-[r:INFLUENCE_ON]->()
  USING INDEX r:INFLUENCE_ON(topic, jobId, rank)
  WHERE held AND r.topic = $topic AND r.jobId = $jobId AND r.rank IS NOT NULL
  WITH r LIMIT $limit
  DELETE r
  RETURN count(r) AS scores
}
CALL (held) {
  MATCH (c:Community)<-[m:MEMBER_OF]-()
  USING INDEX c:Community(topic, jobId)
  WHERE held AND c.topic = $topic AND c.jobId = $jobId
  WITH m LIMIT $limit
  DELETE m
  RETURN count(m) AS memberships
}
CALL (held, memberships) {
  MATCH (c:Community)
  USING INDEX c:Community(topic, jobId)
  WHERE held AND memberships = 0 AND c.topic = $topic AND c.jobId = $jobId
  WITH c LIMIT $limit
  DETACH DELETE c
  RETURN count(c) AS communities
}
RETURN held, influences, scores, memberships, communities
