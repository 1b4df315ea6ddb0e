// Campaigns by id. Parameters: $ids (list of strings).
// Returns: one row, rows: a list of {id, brand, name, since, until (ISO-8601 strings),
// topics, markers, enlisted (person ids, sorted), members (interactions in the campaign)}.
UNWIND $ids AS id
MATCH (c:Campaign {id: id})-[:OF_BRAND]->(b:Brand)
RETURN collect({
  id: c.id, brand: b.id, name: c.name, since: toString(c.since), until: toString(c.until),
  topics: c.topics, markers: c.markers,
  enlisted: COLLECT { MATCH (p:Person)-[:ENLISTED_IN]->(c) RETURN p.id ORDER BY p.id },
  members: COUNT { (c)<-[:IN_CAMPAIGN]-(:Interaction) }
}) AS rows
