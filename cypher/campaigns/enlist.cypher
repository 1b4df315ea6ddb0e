// Enlist people in a campaign: (person)-[:ENLISTED_IN {at}]->(campaign), once per person
// (enlisting someone again changes nothing). Parameters: $id (campaign id), $people (person
// ids, all in the graph: the caller checked). Returns: enlisted (people named and enlisted).
MATCH (c:Campaign {id: $id})
UNWIND $people AS personId
MATCH (p:Person {id: personId})
MERGE (p)-[e:ENLISTED_IN]->(c)
ON CREATE SET e.at = datetime()
RETURN count(e) AS enlisted
