// A topic's communities (its current results), largest first, after a keyset cursor; by
// default those of the algorithm that names each person's community (the first one of the
// analysis). Parameters: $topic, $algorithm (or null: the one on the INFLUENCE_ON scores),
// $afterSize, $afterId (null for the first page), $limit.
// Returns: id, algorithm, number, size, jobId, computedAt.
MATCH (t:Topic {id: $topic})
MATCH (c:Community)
WHERE c.topic = $topic AND c.jobId = t.resultJobId
  AND (($algorithm IS NOT NULL AND c.algorithm = $algorithm)
    OR ($algorithm IS NULL AND EXISTS {
          (c)<-[:MEMBER_OF]-(p:Person)-[r:INFLUENCE_ON {topic: $topic}]->()
          WHERE r.jobId = c.jobId AND r.community = c.id }))
WITH c
WHERE $afterId IS NULL OR c.size < $afterSize OR (c.size = $afterSize AND c.id > $afterId)
RETURN c.id AS id, c.algorithm AS algorithm, c.number AS number, c.size AS size,
       c.jobId AS jobId, c.computedAt AS computedAt
ORDER BY size DESC, id
LIMIT $limit
