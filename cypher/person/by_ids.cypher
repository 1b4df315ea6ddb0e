// People by id, for batched loading (one query per batch of ids).
// Parameters: $ids (list of strings). Returns: one row per found person with its properties.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.name AS name, p.handle AS handle, p.kind AS kind,
       p.language AS language, p.country AS country, p.followers AS followers
