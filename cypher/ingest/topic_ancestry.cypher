// The topic tree above the given topics, for the loop check of validation: every SUBTOPIC_OF
// link on the chain of ancestors, in the graph, of each topic in $ids (the topic's own link
// included). The chains stop by themselves: a path never uses a relationship twice.
// Parameters: $ids (topic ids). Returns: one row, rows: a list of [topic id, parent id] pairs,
// each once (one record holding a list: much cheaper for the driver to receive than one
// record per link).
UNWIND $ids AS id
MATCH (:Topic {id: id})-[:SUBTOPIC_OF*0..]->(child:Topic)-[:SUBTOPIC_OF]->(parent:Topic)
WITH DISTINCT child.id AS child, parent.id AS parent
RETURN collect([child, parent]) AS rows
