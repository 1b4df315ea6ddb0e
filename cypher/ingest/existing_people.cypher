// Which of the given person ids are already in the graph (for reference checks).
// Parameters: $ids (list of strings). Returns: one row {id} per existing person.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id
