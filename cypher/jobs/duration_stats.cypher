// Finished analysis jobs by kind and final status: how many, and their total run time.
// Parameters: none. Returns: kind, status, jobs, seconds (sum of finishedAt - startedAt).
MATCH (j:Job)
WHERE j.finishedAt IS NOT NULL AND j.startedAt IS NOT NULL
RETURN j.kind AS kind, j.status AS status, count(*) AS jobs,
       sum(duration.between(j.startedAt, j.finishedAt).milliseconds) / 1000.0 AS seconds
