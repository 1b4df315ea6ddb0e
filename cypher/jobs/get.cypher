// One job by id. Parameters: $id. Returns: job (a map of its properties), or no row.
MATCH (j:Job {id: $id})
RETURN j {.*} AS job
