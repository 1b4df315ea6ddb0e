// Data migration for results written before scores stored their rank by each component
// (authorityRank, ..., engagersRank; the pages ordered by a component read them): give the
// current generation of every such topic those ranks, highest value first, ties by person id,
// as the analysis does, and its count of ranked people (Topic.resultCount, which totalCount
// reads). A topic is picked when its first-ranked score has no authorityRank: the check is
// one index seek per topic, so applying this at every start costs next to nothing once done.
// The topic's write lock (SET lockedAt) comes first, as for the generation switch.
// Parameters: none. Returns: migrated (topics given ranks).
MATCH (t:Topic)
WHERE t.resultJobId IS NOT NULL
  AND EXISTS {
    MATCH ()-[r:INFLUENCE_ON]->()
    WHERE r.topic = t.id AND r.jobId = t.resultJobId AND r.rank = 1 AND r.authorityRank IS NULL
  }
SET t.lockedAt = datetime()
WITH t
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.authority, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.authorityRank = n
}
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.resonance, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.resonanceRank = n
}
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.reach, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.reachRank = n
}
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.relevance, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.relevanceRank = n
}
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.betweenness, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.betweennessRank = n
}
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.recency, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.recencyRank = n
}
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.momentum, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.momentumRank = n
}
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(t)
  WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL
  WITH r ORDER BY coalesce(r.engagers, 0.0) DESC, p.id
  WITH collect(r) AS rs
  UNWIND range(1, size(rs)) AS n
  WITH rs[n - 1] AS r, n SET r.engagersRank = n
}
SET t.resultCount = COUNT { ()-[r:INFLUENCE_ON]->(t) WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL }
RETURN count(t) AS migrated
