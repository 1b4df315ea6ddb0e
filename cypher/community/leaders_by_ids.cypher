// The best-ranked members of communities (of their topics' current results), for batched
// loading: up to $limit per community. Analyses store them on the Community (`leaders`, best
// first); communities written before that are ranked from their members.
// Parameters: $ids (community ids), $limit. Returns: one row, rows: a list of {community,
// leaders (person ids, best first)}.
UNWIND $ids AS id
MATCH (c:Community)
WHERE c.id = id AND c.jobId IS NOT NULL
MATCH (t:Topic {id: c.topic})
WHERE t.resultJobId = c.jobId
CALL (c) {
  OPTIONAL MATCH (c)<-[:MEMBER_OF]-(p:Person)-[r:INFLUENCE_ON {topic: c.topic}]->()
  WHERE c.leaders IS NULL AND r.jobId = c.jobId
  WITH p, r
  ORDER BY r.rank
  LIMIT $limit
  RETURN collect(p.id) AS ranked
}
RETURN collect({community: id, leaders: coalesce(c.leaders, ranked)[0..$limit]}) AS rows
