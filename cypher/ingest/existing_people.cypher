// Which of the given person ids are already in the graph (for reference checks).
// Parameters: $ids (list of strings). Returns: one row, rows (the existing ids, as one list:
// one record instead of one per id is much cheaper for the driver to receive).
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN collect(p.id) AS rows
