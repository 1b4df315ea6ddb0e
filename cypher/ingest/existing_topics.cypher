// Which of the given topic ids are already in the graph (for reference checks).
// Parameters: $ids (list of strings). Returns: one row {id} per existing topic.
UNWIND $ids AS id
MATCH (t:Topic {id: id})
RETURN t.id AS id
