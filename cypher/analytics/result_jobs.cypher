// What a topic's stored results are made of, every generation included (current, staged,
// leftovers; elements without a jobId are no job's results and not counted): counts per kind
// and the distinct job ids they come from, plus the current generation (Topic.resultJobId).
// A consistent topic at rest has one job id everywhere, the current one.
// Parameters: $topic. Returns: resultJobId, scores, influences, communities, memberships
// (counts) and scoreJobs, influenceJobs, communityJobs (distinct job ids, sorted).
OPTIONAL MATCH (t:Topic {id: $topic})
CALL () {
  MATCH (:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId IS NOT NULL AND r.rank IS NOT NULL
  WITH r.jobId AS jobId, count(r) AS n ORDER BY jobId
  RETURN sum(n) AS scores, collect(jobId) AS scoreJobs
}
CALL () {
  MATCH ()-[r:INFLUENCES]->()
  WHERE r.topic = $topic AND r.jobId IS NOT NULL
  WITH r.jobId AS jobId, count(r) AS n ORDER BY jobId
  RETURN sum(n) AS influences, collect(jobId) AS influenceJobs
}
CALL () {
  MATCH (c:Community)
  WHERE c.topic = $topic AND c.jobId IS NOT NULL
  WITH c.jobId AS jobId, count(c) AS n, sum(COUNT { (c)<-[:MEMBER_OF]-() }) AS m ORDER BY jobId
  RETURN sum(n) AS communities, sum(m) AS memberships, collect(jobId) AS communityJobs
}
RETURN t.resultJobId AS resultJobId, scores, influences, communities, memberships,
       scoreJobs, influenceJobs, communityJobs
