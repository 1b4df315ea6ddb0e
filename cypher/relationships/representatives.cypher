// Every brand's representatives (any role), for telling which relationships a load touched.
// Parameters: none. Returns: brand (id), people (ids of its representatives).
MATCH (p:Person)-[:REPRESENTS]->(b:Brand)
RETURN b.id AS brand, collect(p.id) AS people
