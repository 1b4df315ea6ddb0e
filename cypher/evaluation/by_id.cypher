// One back-test by id. Parameters: $id. Returns: evaluation (its properties), or no row.
MATCH (e:Evaluation {id: $id})
RETURN e {.*} AS evaluation
