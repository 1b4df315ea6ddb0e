// Test only: when each person was enlisted in a brand's campaigns.
// Parameters: $brand. Returns: person, at (ISO-8601).
MATCH (p:Person)-[e:ENLISTED_IN]->(:Campaign)-[:OF_BRAND]->(:Brand {id: $brand})
RETURN p.id AS person, toString(e.at) AS at
