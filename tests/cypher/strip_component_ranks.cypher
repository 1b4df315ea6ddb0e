// Make a topic's current results look like ones written before scores stored their rank by
// each component: remove every <component>Rank and the topic's resultCount.
// Parameters: $topic. Returns: stripped (scores changed).
MATCH (t:Topic {id: $topic})
REMOVE t.resultCount
WITH t
MATCH ()-[r:INFLUENCE_ON]->(t)
WHERE r.jobId = t.resultJobId
REMOVE r.authorityRank, r.resonanceRank, r.reachRank, r.relevanceRank, r.betweennessRank,
       r.recencyRank, r.momentumRank, r.engagersRank
RETURN count(r) AS stripped
