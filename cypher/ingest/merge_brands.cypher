// Create or update brands by id. Parameters: $rows, a list of {id, name}.
// Returns: written (brands merged).
UNWIND $rows AS row
MERGE (b:Brand {id: row.id})
SET b.name = row.name
RETURN count(b) AS written
