// Erase a person (right to be forgotten): the person, every interaction they performed or
// were targeted by (with its PERFORMED, TARGETS and ABOUT relationships), their follows in
// both directions, and their derived scores: INFLUENCES in both directions, INFLUENCE_ON and
// MEMBER_OF; their id is also taken out of the `leaders` list of every Community (of any
// generation: current, previous or left over by a failed job) that names it. Their ties to
// brands and campaigns (REPRESENTS, ENLISTED_IN) go with the person (DETACH DELETE). Records a
// tombstone, (:ErasedPerson {idHash, erasedAt}), holding the SHA-256 (hex) of the id and not
// the id, so that validation refuses records that would bring the person back (lifted by
// person/lift_erasure). Nothing else is changed (community sizes and other people's scores
// stay until the next analysis).
// Communities are found by scanning them (a list property has no index): erasures are rare
// and there are far fewer communities than people.
// Parameters: $id, $idHash (SHA-256 hex of $id). Returns: one row when the person exists
// (else no row, and no tombstone), with counts of what was removed: interactions, follows,
// influences, influenceScores, communityMemberships, communityLeaderships (leader lists the
// id was taken out of), relationships (every relationship removed, those of the interactions
// included).
MATCH (p:Person {id: $id})
WITH p,
     COLLECT { MATCH (p)-[:PERFORMED]->(i:Interaction) RETURN i
               UNION
               MATCH (i:Interaction)-[:TARGETS]->(p) RETURN i } AS interactions,
     COUNT { (p)-[:FOLLOWS]->() } + COUNT { (p)<-[:FOLLOWS]-() } AS follows,
     COUNT { (p)-[:INFLUENCES]->() } + COUNT { (p)<-[:INFLUENCES]-() } AS influences,
     COUNT { (p)-[:INFLUENCE_ON]->() } AS influenceScores,
     COUNT { (p)-[:MEMBER_OF]->() } AS communityMemberships
WITH p, interactions, follows, influences, influenceScores, communityMemberships,
     reduce(n = 0, i IN interactions | n + COUNT { (i)--() }) AS interactionRelationships,
     reduce(n = 0, i IN interactions | n + COUNT { (i)--(p) }) AS sharedRelationships,
     COUNT { (p)--() } AS ownRelationships
CALL () {
  MATCH (c:Community)
  WHERE $id IN c.leaders
  SET c.leaders = [leader IN c.leaders WHERE leader <> $id]
  RETURN count(c) AS communityLeaderships
}
CALL (interactions) {
  UNWIND interactions AS i
  DETACH DELETE i
}
MERGE (tombstone:ErasedPerson {idHash: $idHash})
SET tombstone.erasedAt = datetime()
DETACH DELETE p
RETURN size(interactions) AS interactions, follows, influences, influenceScores,
       communityMemberships, communityLeaderships,
       interactionRelationships + ownRelationships - sharedRelationships AS relationships
