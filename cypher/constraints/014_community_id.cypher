// A Community's id (topic, algorithm and number, joined) is unique within one generation of
// results (its jobId): while a job writes its results, the topic's previous generation holds
// the same ids. Also serves look-ups by id (with `c.jobId IS NOT NULL`).
CREATE CONSTRAINT community_generation_id IF NOT EXISTS
FOR (c:Community) REQUIRE (c.id, c.jobId) IS UNIQUE
