// A page of a community's members by rank on the community's topic, after a keyset cursor
// (the topic's current results). Parameters: $community, $afterRank, $afterId (null for the
// first page), $limit. Returns: one row, rows: a list of {person, rank} (unscored members
// last).
MATCH (c:Community)
WHERE c.id = $community AND c.jobId IS NOT NULL
MATCH (t:Topic {id: c.topic})
WHERE t.resultJobId = c.jobId
MATCH (c)<-[:MEMBER_OF]-(p:Person)
OPTIONAL MATCH (p)-[r:INFLUENCE_ON {topic: c.topic}]->()
WHERE r.jobId = c.jobId
WITH p, coalesce(r.rank, 2147483647) AS rank
WHERE $afterId IS NULL OR rank > $afterRank OR (rank = $afterRank AND p.id > $afterId)
WITH p, rank
ORDER BY rank, p.id
LIMIT $limit
RETURN collect({person: p.id, rank: rank}) AS rows
