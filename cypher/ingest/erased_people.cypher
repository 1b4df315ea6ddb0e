// Which of the given people were erased (for validation: their records are refused). A
// tombstone holds the SHA-256 (hex) of the id, never the id, so the caller hashes the ids.
// Parameters: $hashes (list of SHA-256 hex strings). Returns: one row, rows: a list of
// [idHash, erasedAt (ISO-8601 string)] for the erased ones (one record holding a list: much
// cheaper for the driver to receive than one record per person).
UNWIND $hashes AS hash
MATCH (e:ErasedPerson {idHash: hash})
RETURN collect([e.idHash, toString(e.erasedAt)]) AS rows
