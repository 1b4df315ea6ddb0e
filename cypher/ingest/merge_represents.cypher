// Record who speaks for which brand: one REPRESENTS per person and brand, its role replaced
// by the row's. Person and brand must exist (the loader checks it first; a person erased
// since validation is not found and the row is skipped).
// Parameters: $rows, a list of {person, brand, role}. Returns: written (relationships merged).
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (b:Brand {id: row.brand})
MERGE (p)-[r:REPRESENTS]->(b)
SET r.role = row.role
RETURN count(r) AS written
