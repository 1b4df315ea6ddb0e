// The generations of a topic's results other than the current one (Topic.resultJobId): the
// job ids found on its INFLUENCES, INFLUENCE_ON and Community elements, read from the indexes
// on (topic, jobId), with each job's status (null when there is no such Job node). Staged rows
// of running jobs are among them; analytics/delete_generation refuses those (unless the
// caller holds the job).
// Parameters: $topic. Returns: jobId, status (one row per generation).
MATCH (t:Topic {id: $topic})
CALL () {
  MATCH ()-[r:INFLUENCES]->()
  WHERE r.topic = $topic AND r.jobId IS NOT NULL
  RETURN collect(DISTINCT r.jobId) AS influenceJobs
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
UNWIND influenceJobs + scoreJobs + communityJobs AS jobId
WITH DISTINCT t, jobId
WHERE jobId <> coalesce(t.resultJobId, '')
OPTIONAL MATCH (j:Job {id: jobId})
RETURN jobId, j.status AS status
ORDER BY jobId
