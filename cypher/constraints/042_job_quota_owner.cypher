// One JobQuota node per owner (API key), the lock that makes runAnalysis's per-key cap exact
// under concurrent calls.
CREATE CONSTRAINT job_quota_owner IF NOT EXISTS FOR (q:JobQuota) REQUIRE q.owner IS UNIQUE
