// One JobLane per (job, lane): the write locks a job's batches of results take
// (analytics/begin_results makes them).
CREATE CONSTRAINT job_lane IF NOT EXISTS FOR (l:JobLane) REQUIRE (l.job, l.lane) IS UNIQUE
