// The best-ranked members of communities, for batched loading: up to $limit per community.
// Parameters: $ids (community ids), $limit. Returns: one row, rows: a list of {community,
// person, rank}.
UNWIND $ids AS id
MATCH (c:Community {id: id})
CALL (c) {
  MATCH (c)<-[:MEMBER_OF]-(p:Person)-[r:INFLUENCE_ON {topic: c.topic}]->()
  RETURN p.id AS person, r.rank AS rank
  ORDER BY rank
  LIMIT $limit
}
WITH id, person, rank
ORDER BY id, rank
RETURN collect({community: id, person: person, rank: rank}) AS rows
