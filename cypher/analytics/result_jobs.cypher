// Which jobs a topic's stored results come from, per kind: a consistent topic has one job id
// everywhere. Parameters: $topic. Returns: scores, influences, communities (counts) and
// scoreJobs, influenceJobs, communityJobs (distinct job ids).
CALL () {
  MATCH (:Person)-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
  RETURN count(r) AS scores, collect(DISTINCT r.jobId) AS scoreJobs
}
CALL () {
  MATCH ()-[r:INFLUENCES {topic: $topic}]->()
  RETURN count(r) AS influences, collect(DISTINCT r.jobId) AS influenceJobs
}
CALL () {
  MATCH (c:Community {topic: $topic})
  RETURN count(c) AS communities, collect(DISTINCT c.jobId) AS communityJobs
}
RETURN scores, influences, communities, scoreJobs, influenceJobs, communityJobs
