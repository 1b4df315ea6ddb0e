// The whole graph's content in a canonical order, for a content checksum (service/db/graph.py
// hashes the rows): every node with its labels, id and properties, every relationship with
// its type, the ids of its two ends and its properties. `updatedAt` is left out: it is the
// server's clock at the last change, so two equal loads done at different times differ there.
// Parameters: none. Returns: element ('node' or 'relationship'), labels (node labels, or
// [type] of a relationship), start (node id, or start node id), end (end node id or null),
// properties (map).
CALL () {
  MATCH (n)
  RETURN 'node' AS element, labels(n) AS labels, n.id AS start, null AS end,
         n {.*, updatedAt: null} AS properties
  UNION ALL
  MATCH (a)-[r]->(b)
  RETURN 'relationship' AS element, [type(r)] AS labels, a.id AS start, b.id AS end,
         r {.*} AS properties
}
RETURN element, labels, start, end, properties
ORDER BY element, start, end, labels
