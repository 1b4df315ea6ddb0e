// People by id, for batched loading (one query per batch of ids).
// Parameters: $ids (list of strings). Returns: one row, rows: a list of {id, name, handle,
// kind, language, country, followers}, one per person found.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN collect(p {.id, .name, .handle, .kind, .language, .country, .followers}) AS rows
