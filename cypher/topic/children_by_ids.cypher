// The direct subtopics of topics, for batched loading.
// Parameters: $ids (list of parent topic ids). Returns: parent, id, name, interactions.
UNWIND $ids AS parentId
MATCH (child:Topic)-[:SUBTOPIC_OF]->(:Topic {id: parentId})
RETURN parentId AS parent, child.id AS id, child.name AS name,
       COUNT { (child)<-[:ABOUT]-(:Interaction) } AS interactions
ORDER BY parent, id
