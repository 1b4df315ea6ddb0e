// Replace the stored relationships of a brand with some people: each row is written (MERGE
// on the pair), and the relationships of the people in $cleared are deleted first.
// (:Person)-[:RELATIONSHIP_WITH {stage, noticedAt, engagedAt, collaboratingAt, advocateAt,
// lastContactAt, owner, ownerStrength}]->(:Brand) (no write time: recomputing what did not
// change leaves the graph as it was).
// Parameters: $brand (brand id), $cleared (person ids whose relationships go), $rows
// (maps: person, stage, noticedAt, engagedAt, collaboratingAt, advocateAt, lastContactAt
// (ISO-8601 or null), owner (person id or null), ownerStrength).
// Returns: written (relationships written).
MATCH (b:Brand {id: $brand})
CALL {
  WITH b
  UNWIND $cleared AS personId
  MATCH (:Person {id: personId})-[r:RELATIONSHIP_WITH]->(b)
  DELETE r
}
WITH b
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MERGE (p)-[r:RELATIONSHIP_WITH]->(b)
SET r.stage = row.stage,
    r.noticedAt = datetime(row.noticedAt),
    r.engagedAt = datetime(row.engagedAt),
    r.collaboratingAt = datetime(row.collaboratingAt),
    r.advocateAt = datetime(row.advocateAt),
    r.lastContactAt = datetime(row.lastContactAt),
    r.owner = row.owner,
    r.ownerStrength = row.ownerStrength
RETURN count(r) AS written
