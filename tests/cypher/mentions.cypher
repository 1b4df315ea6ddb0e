// Test only: nodes and relationships that mention a value: an endpoint or any string
// property (or string in a list property) containing it.
// Parameters: $value. Returns: nodes, relationships (counts).
CALL () {
  MATCH (n)
  WHERE any(key IN keys(n) WHERE
          (n[key] IS :: STRING AND n[key] CONTAINS $value)
          OR (n[key] IS :: LIST<ANY> AND any(x IN n[key] WHERE toString(x) CONTAINS $value)))
  RETURN count(n) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WHERE a.id = $value OR b.id = $value
     OR any(key IN keys(r) WHERE
          (r[key] IS :: STRING AND r[key] CONTAINS $value)
          OR (r[key] IS :: LIST<ANY> AND any(x IN r[key] WHERE toString(x) CONTAINS $value)))
  RETURN count(r) AS relationships
}
RETURN nodes, relationships
