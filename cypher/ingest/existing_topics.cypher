// Which of the given topic ids are already in the graph (for reference checks).
// Parameters: $ids (list of strings). Returns: one row, rows (the existing ids, as one list).
UNWIND $ids AS id
MATCH (t:Topic {id: id})
RETURN collect(t.id) AS rows
