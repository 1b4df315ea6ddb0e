// Test only: the interactions about a topic, the people they join and their time span.
// Parameters: $topic. Returns: interactions, people (distinct actors and targets), types
// (distinct types), first, last (ISO-8601 strings).
MATCH (i:Interaction)-[:ABOUT]->(:Topic {id: $topic})
WITH count(i) AS interactions, collect(DISTINCT i.type) AS types,
     toString(min(i.at)) AS first, toString(max(i.at)) AS last
RETURN interactions, types, first, last,
       COUNT { MATCH (p:Person)-[:PERFORMED|TARGETS]-(:Interaction)-[:ABOUT]->(:Topic {id: $topic})
               RETURN DISTINCT p } AS people
