// The best-ranked members of communities (of their topics' current results), for batched
// loading: up to $limit per community. Parameters: $ids (community ids), $limit.
// Returns: one row, rows: a list of {community, person, rank}.
UNWIND $ids AS id
MATCH (c:Community)
WHERE c.id = id AND c.jobId IS NOT NULL
MATCH (t:Topic {id: c.topic})
WHERE t.resultJobId = c.jobId
CALL (c) {
  MATCH (c)<-[:MEMBER_OF]-(p:Person)-[r:INFLUENCE_ON {topic: c.topic}]->()
  WHERE r.jobId = c.jobId
  RETURN p.id AS person, r.rank AS rank
  ORDER BY rank
  LIMIT $limit
}
WITH id, person, rank
ORDER BY id, rank
RETURN collect({community: id, person: person, rank: rank}) AS rows
