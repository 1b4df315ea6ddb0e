// Bench: delete up to $limit of the untagged influence edges the raw sequence wrote (the
// service's carry a job id); repeat until it returns 0. Parameters: $limit. Returns: deleted.
MATCH ()-[r:INFLUENCES]->()
WHERE r.jobId IS NULL
WITH r LIMIT $limit
DELETE r
RETURN count(r) AS deleted
