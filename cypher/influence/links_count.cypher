// How many people influence ($direction 'in') or are influenced by ($direction 'out') a person
// on a topic (its current results). Parameters: $person, $topic, $direction. Returns: total.
MATCH (t:Topic {id: $topic})
MATCH (me:Person {id: $person})
RETURN CASE $direction
         WHEN 'in' THEN COUNT { (me)<-[r:INFLUENCES]-() WHERE r.generation = t.resultGeneration }
         ELSE COUNT { (me)-[r:INFLUENCES]->() WHERE r.generation = t.resultGeneration }
       END AS total
