// Topics by id, for batched loading. Parameters: $ids (list of strings).
// Returns: one row, rows: a list of {id, name, parent (id or null), interactions (count
// about it)}.
UNWIND $ids AS id
MATCH (t:Topic {id: id})
OPTIONAL MATCH (t)-[:SUBTOPIC_OF]->(parent:Topic)
RETURN collect({
  id: t.id, name: t.name, parent: parent.id, interactions: COUNT { (t)<-[:ABOUT]-(:Interaction) }
}) AS rows
