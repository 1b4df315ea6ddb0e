// Which of the given brand ids are already in the graph (for reference checks).
// Parameters: $ids (list of strings). Returns: one row, rows (the existing ids, one list).
UNWIND $ids AS id
MATCH (b:Brand {id: id})
RETURN collect(b.id) AS rows
