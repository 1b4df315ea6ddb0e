// One person's relationship with a brand; no row when they have none (stage unaware).
// Parameters: $brand, $person.
// Returns: person, score (null), stage, noticedAt, engagedAt, collaboratingAt, advocateAt,
// lastContactAt (ISO-8601 or null), owner, ownerRole, ownerStrength.
MATCH (p:Person {id: $person})-[r:RELATIONSHIP_WITH]->(b:Brand {id: $brand})
OPTIONAL MATCH (:Person {id: r.owner})-[o:REPRESENTS]->(b)
RETURN p.id AS person, null AS score, r.stage AS stage, toString(r.noticedAt) AS noticedAt,
       toString(r.engagedAt) AS engagedAt, toString(r.collaboratingAt) AS collaboratingAt,
       toString(r.advocateAt) AS advocateAt, toString(r.lastContactAt) AS lastContactAt,
       r.owner AS owner, o.role AS ownerRole, r.ownerStrength AS ownerStrength
