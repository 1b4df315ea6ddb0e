// The campaigns of some brands (whose representatives a load changed).
// Parameters: $brands (ids). Returns: id, brand.
MATCH (c:Campaign)-[:OF_BRAND]->(b:Brand)
WHERE b.id IN $brands
RETURN c.id AS id, b.id AS brand
ORDER BY id
