// How many influencers a topic's current results rank, with no filter: read, not counted.
// The generation switch (analytics/commit_job) stores the count on the topic
// (Topic.resultCount); only results switched in before it existed are counted (and the data
// migration constraints/056 stores their count at the next start). Parameters: $topic.
// Returns: total.
OPTIONAL MATCH (t:Topic {id: $topic})
RETURN CASE
         WHEN t IS NULL OR t.resultJobId IS NULL THEN 0
         WHEN t.resultCount IS NOT NULL THEN t.resultCount
         ELSE COUNT { ()-[r:INFLUENCE_ON]->(t) WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL }
       END AS total
