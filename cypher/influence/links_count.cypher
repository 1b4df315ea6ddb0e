// How many people influence ($direction 'in') or are influenced by ($direction 'out') a person
// on a topic (its current results). Parameters: $person, $topic, $direction. Returns: total.
MATCH (t:Topic {id: $topic})
MATCH (me:Person {id: $person})
RETURN CASE $direction
         WHEN 'in' THEN COUNT { (me)<-[r:INFLUENCES {topic: $topic}]-() WHERE r.jobId = t.resultJobId }
         ELSE COUNT { (me)-[r:INFLUENCES {topic: $topic}]->() WHERE r.jobId = t.resultJobId }
       END AS total
