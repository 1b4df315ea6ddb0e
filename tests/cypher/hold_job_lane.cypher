// Test only: take the write lock of one lane of a job's results (analytics/begin_results), in
// a transaction the test keeps open. Parameters: $jobId, $lane. Returns: lane.
MATCH (l:JobLane {job: $jobId, lane: $lane})
SET l.lockedAt = datetime()
RETURN l.lane AS lane
