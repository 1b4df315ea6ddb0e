// Whether a brand and a person exist (for refusing unknown arguments).
// Parameters: $brand, $person (or null). Returns: brand, person (booleans).
OPTIONAL MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (p:Person {id: $person})
RETURN b IS NOT NULL AS brand, p IS NOT NULL AS person
