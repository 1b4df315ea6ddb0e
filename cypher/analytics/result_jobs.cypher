// What a topic's stored results are made of, every generation included (current, staged,
// leftovers; elements without a jobId are no job's results and not counted): counts per kind
// and the distinct job ids they come from (INFLUENCES edges: the topic's jobs whose runs'
// numbers, Job.generations, they carry), plus the current generation (Topic.resultJobId and
// Topic.resultGeneration). A consistent topic at rest has one job id everywhere, the current
// one, and INFLUENCES edges under its number only (influenceGenerations).
// Parameters: $topic. Returns: resultJobId, resultGeneration, scores, influences, communities,
// memberships (counts), scoreJobs, communityJobs (distinct job ids, sorted), influenceJobs
// (distinct job ids) and influenceGenerations (the numbers found, sorted).
OPTIONAL MATCH (t:Topic {id: $topic})
CALL () {
  MATCH (:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId IS NOT NULL AND r.rank IS NOT NULL
  WITH r.jobId AS jobId, count(r) AS n ORDER BY jobId
  RETURN sum(n) AS scores, collect(jobId) AS scoreJobs
}
CALL () {
  OPTIONAL MATCH (j:Job {topic: $topic})
  UNWIND coalesce(j.generations, []) AS g
  CALL (g) {
    MATCH ()-[r:INFLUENCES]->()
    WHERE r.generation = g
    RETURN count(r) AS n
  }
  WITH j.id AS jobId, g, n WHERE n > 0
  WITH jobId, g, n ORDER BY g
  RETURN sum(n) AS influences, collect(DISTINCT jobId) AS influenceJobs,
         collect(g) AS influenceGenerations
}
CALL () {
  MATCH (c:Community)
  WHERE c.topic = $topic AND c.jobId IS NOT NULL
  WITH c.jobId AS jobId, count(c) AS n, sum(COUNT { (c)<-[:MEMBER_OF]-() }) AS m ORDER BY jobId
  RETURN sum(n) AS communities, sum(m) AS memberships, collect(jobId) AS communityJobs
}
RETURN t.resultJobId AS resultJobId, t.resultGeneration AS resultGeneration, scores,
       influences, communities, memberships, scoreJobs, influenceJobs, communityJobs,
       influenceGenerations
