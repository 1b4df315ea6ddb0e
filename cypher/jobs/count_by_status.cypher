// How many analysis jobs are in each status (for the influence_jobs metric).
// Parameters: none. Returns: status, jobs.
MATCH (j:Job)
RETURN j.status AS status, count(*) AS jobs
