// Topics by id, for batched loading. Parameters: $ids (list of strings).
// Returns: id, name, parent (id or null), interactions (count about it).
UNWIND $ids AS id
MATCH (t:Topic {id: id})
OPTIONAL MATCH (t)-[:SUBTOPIC_OF]->(parent:Topic)
RETURN t.id AS id, t.name AS name, parent.id AS parent,
       COUNT { (t)<-[:ABOUT]-(:Interaction) } AS interactions
