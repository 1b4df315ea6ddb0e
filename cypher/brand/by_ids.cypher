// Brands by id, with who represents them. Parameters: $ids (list of strings).
// Returns: one row, rows: a list of {id, name, representatives: [{person, role}] sorted by
// person id}.
UNWIND $ids AS id
MATCH (b:Brand {id: id})
RETURN collect({
  id: b.id, name: b.name,
  representatives: COLLECT {
    MATCH (p:Person)-[r:REPRESENTS]->(b)
    RETURN {person: p.id, role: r.role} AS rep ORDER BY p.id
  }
}) AS rows
