// The engagement a brand's official accounts received in a time window [$from, $to): every
// interaction targeting a person who REPRESENTS the brand with role 'official', performed by
// someone who is not one of its official accounts. Acts are summed by the interactions'
// `count`. Definitions: docs/campaigns.md.
// Parameters: $brand (brand id), $from, $to (ISO-8601 strings).
// Returns: one row: mentions (type mention), shares (share, quote), replies (reply, comment),
// interactions (every type), engaged (distinct actors), sentiment (mean of the interactions'
// sentiment where set, null when none is).
MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (a:Person)-[:REPRESENTS {role: 'official'}]->(b)
WITH collect(a) AS accounts
UNWIND accounts AS account
// `i` unlabelled: expanded from each account, as in alerts/span.cypher
MATCH (actor:Person)-[:PERFORMED]->(i)-[:TARGETS]->(account)
WHERE datetime($from) <= i.at < datetime($to) AND NOT actor IN accounts
RETURN sum(CASE WHEN i.type = 'mention' THEN i.count ELSE 0 END) AS mentions,
       sum(CASE WHEN i.type IN ['share', 'quote'] THEN i.count ELSE 0 END) AS shares,
       sum(CASE WHEN i.type IN ['reply', 'comment'] THEN i.count ELSE 0 END) AS replies,
       sum(i.count) AS interactions,
       count(DISTINCT actor) AS engaged,
       avg(i.sentiment) AS sentiment
