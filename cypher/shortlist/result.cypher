// A shortlist job's stored answer. Parameters: $id (the job's id). Returns: one row, or none
// when there is none: result (the ShortlistResult's properties), picks (the picks still
// stored, each a map of its PICKED properties and `person`, the person's id; in no order).
MATCH (r:ShortlistResult {id: $id})
RETURN r {.*} AS result,
       COLLECT { MATCH (r)-[k:PICKED]->(p:Person) RETURN k {.*, person: p.id} } AS picks
