// The best-ranked members of communities, for batched loading: up to $limit per community.
// Parameters: $ids (community ids), $limit. Returns: community, person, rank.
UNWIND $ids AS id
MATCH (c:Community {id: id})
CALL (c) {
  MATCH (c)<-[:MEMBER_OF]-(p:Person)-[r:INFLUENCE_ON {topic: c.topic}]->()
  RETURN p.id AS person, r.rank AS rank
  ORDER BY rank
  LIMIT $limit
}
RETURN id AS community, person, rank
ORDER BY community, rank
