// How many communities community/page would list. Parameters: $topic, $algorithm. Returns: total.
MATCH (c:Community {topic: $topic})
WHERE ($algorithm IS NOT NULL AND c.algorithm = $algorithm)
   OR ($algorithm IS NULL AND EXISTS { (c)<-[:MEMBER_OF]-(p:Person)-[r:INFLUENCE_ON {topic: $topic}]->() WHERE r.community = c.id })
RETURN count(c) AS total
