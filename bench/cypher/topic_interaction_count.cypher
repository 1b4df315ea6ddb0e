// Bench baseline: a plain count of a topic's interactions since a time, with their mean
// sentiment (one scan of what detection reads). Parameters: $topic, $since.
// Returns: n, mean.
MATCH (i:Interaction)-[:ABOUT]->(:Topic {id: $topic})
WHERE i.at >= datetime($since)
RETURN count(i) AS n, avg(i.sentiment) AS mean
