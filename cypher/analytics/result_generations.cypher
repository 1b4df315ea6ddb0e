// The generations of a topic's results other than the current one: the job ids found on its
// INFLUENCE_ON and Community elements (from the indexes on (topic, jobId)) other than the
// topic's current job (Topic.resultJobId), and the topic's jobs with INFLUENCES edges under a
// number of theirs other than the current one (Topic.resultGeneration; the current job is
// among them when a dead or overtaken run of it left edges), with each job's status (null when
// there is no such Job node). Staged rows of running jobs are among them;
// analytics/delete_generation refuses those (unless the caller holds the job) and never
// deletes the edges a running job is writing.
// Parameters: $topic. Returns: jobId, status (one row per generation).
MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (j:Job {topic: $topic})
  WHERE any(g IN coalesce(j.generations, [])
            WHERE g <> coalesce(t.resultGeneration, -1)
              AND EXISTS { MATCH ()-[r:INFLUENCES]->() WHERE r.generation = g })
  RETURN collect(j.id) AS influenceJobs
}
CALL () {
  MATCH ()-[r:INFLUENCE_ON]->()
  WHERE r.topic = $topic AND r.jobId IS NOT NULL AND r.rank IS NOT NULL
  RETURN collect(DISTINCT r.jobId) AS scoreJobs
}
CALL () {
  MATCH (c:Community)
  WHERE c.topic = $topic AND c.jobId IS NOT NULL
  RETURN collect(DISTINCT c.jobId) AS communityJobs
}
UNWIND influenceJobs + [x IN scoreJobs + communityJobs WHERE x <> coalesce(t.resultJobId, '')]
  AS jobId
WITH DISTINCT jobId
OPTIONAL MATCH (j:Job {id: jobId})
RETURN jobId, j.status AS status
ORDER BY jobId
