// How big the graph is: node counts per label and relationship counts per type.
// Parameters: none. Returns: people, topics, interactions, follows, jobs (integers).
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (t:Topic) RETURN count(t) AS topics }
CALL () { MATCH (i:Interaction) RETURN count(i) AS interactions }
CALL () { MATCH ()-[f:FOLLOWS]->() RETURN count(f) AS follows }
CALL () { MATCH (j:Job) RETURN count(j) AS jobs }
RETURN people, topics, interactions, follows, jobs
