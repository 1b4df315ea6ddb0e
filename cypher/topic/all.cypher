// Every topic with its parent id, ordered by id; a client builds the tree from parent links.
// Parameters: none. Returns: id, name, parent (id or null), interactions (count about it).
MATCH (t:Topic)
OPTIONAL MATCH (t)-[:SUBTOPIC_OF]->(parent:Topic)
RETURN t.id AS id, t.name AS name, parent.id AS parent,
       COUNT { (t)<-[:ABOUT]-(:Interaction) } AS interactions
ORDER BY id
