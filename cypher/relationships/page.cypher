// A page of a brand's relationships, ordered by the person's score on a topic (current
// generation; people without one last, as score -1), then by person id. Keyset: after
// ($afterScore, $afterId).
// Parameters: $brand, $stage (or null: any), $topic (or null: no score, by id), $afterScore,
// $afterId (or null: first page), $limit.
// Returns: person, score, stage, noticedAt, engagedAt, collaboratingAt, advocateAt,
// lastContactAt (ISO-8601 or null), owner, ownerRole, ownerStrength.
MATCH (p:Person)-[r:RELATIONSHIP_WITH]->(b:Brand {id: $brand})
WHERE $stage IS NULL OR r.stage = $stage
OPTIONAL MATCH (p)-[s:INFLUENCE_ON]->(t:Topic {id: $topic})
WHERE s.jobId = t.resultJobId
WITH p, r, b, coalesce(max(s.score), -1.0) AS score
WHERE $afterId IS NULL OR score < $afterScore OR (score = $afterScore AND p.id > $afterId)
WITH p, r, b, score
ORDER BY score DESC, p.id
LIMIT $limit
OPTIONAL MATCH (:Person {id: r.owner})-[o:REPRESENTS]->(b)
RETURN p.id AS person, score, r.stage AS stage, toString(r.noticedAt) AS noticedAt,
       toString(r.engagedAt) AS engagedAt, toString(r.collaboratingAt) AS collaboratingAt,
       toString(r.advocateAt) AS advocateAt, toString(r.lastContactAt) AS lastContactAt,
       r.owner AS owner, o.role AS ownerRole, r.ownerStrength AS ownerStrength
ORDER BY score DESC, person
