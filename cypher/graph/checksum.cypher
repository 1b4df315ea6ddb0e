// The whole graph's content as sorted text lines, for a content checksum (service/db/graph.py
// hashes them): one line per node (labels, id, properties) and per relationship (type, the
// ids of its two ends, properties), each property as name:type=value in name order.
// `updatedAt` is left out: it is the server's clock at a person's last change, so two equal
// loads done at different times differ there and nowhere else.
// Parameters: none. Returns: one row, lines (list of strings, sorted).
CALL () {
  MATCH (n)
  WITH n,
       COLLECT { UNWIND labels(n) AS label RETURN label ORDER BY label } AS labels,
       COLLECT { UNWIND keys(n) AS key WITH key WHERE key <> 'updatedAt'
                 RETURN key ORDER BY key } AS keys
  RETURN 'node ' + reduce(s = '', label IN labels | s + ':' + label) + ' ' + coalesce(n.id, '')
         + reduce(s = '', key IN keys | s + ' ' + key + ':' + valueType(n[key]) + '='
           + CASE WHEN n[key] IS :: LIST<ANY>
                  THEN reduce(t = '[', x IN n[key] | t + toString(x) + ',') + ']'
                  ELSE toString(n[key]) END) AS line
  UNION ALL
  MATCH (a)-[r]->(b)
  WITH a, r, b, COLLECT { UNWIND keys(r) AS key RETURN key ORDER BY key } AS keys
  RETURN 'rel ' + type(r) + ' ' + coalesce(a.id, '') + ' ' + coalesce(b.id, '')
         + reduce(s = '', key IN keys | s + ' ' + key + ':' + valueType(r[key]) + '='
           + CASE WHEN r[key] IS :: LIST<ANY>
                  THEN reduce(t = '[', x IN r[key] | t + toString(x) + ',') + ']'
                  ELSE toString(r[key]) END) AS line
}
WITH line ORDER BY line
RETURN collect(line) AS lines
