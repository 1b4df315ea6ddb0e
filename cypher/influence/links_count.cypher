// How many people influence ($direction 'in') or are influenced by ($direction 'out') a person
// on a topic. Parameters: $person, $topic, $direction. Returns: total.
MATCH (me:Person {id: $person})
RETURN CASE $direction
         WHEN 'in' THEN COUNT { (me)<-[:INFLUENCES {topic: $topic}]-() }
         ELSE COUNT { (me)-[:INFLUENCES {topic: $topic}]->() }
       END AS total
