// campaigns/window_figures per UTC day: the same interactions, grouped by the date of `at`.
// Parameters: $brand, $from, $to (as campaigns/window_figures).
// Returns: one row, rows: a list of {day (YYYY-MM-DD), mentions, shares, replies,
// interactions, engaged, sentiment}, for the days with at least one interaction, by day.
MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (a:Person)-[:REPRESENTS {role: 'official'}]->(b)
WITH collect(a) AS accounts
UNWIND accounts AS account
// `i` unlabelled: expanded from each account, as in alerts/span.cypher
MATCH (actor:Person)-[:PERFORMED]->(i)-[:TARGETS]->(account)
WHERE datetime($from) <= i.at < datetime($to) AND NOT actor IN accounts
WITH toString(date(i.at)) AS day,
     sum(CASE WHEN i.type = 'mention' THEN i.count ELSE 0 END) AS mentions,
     sum(CASE WHEN i.type IN ['share', 'quote'] THEN i.count ELSE 0 END) AS shares,
     sum(CASE WHEN i.type IN ['reply', 'comment'] THEN i.count ELSE 0 END) AS replies,
     sum(i.count) AS interactions,
     count(DISTINCT actor) AS engaged,
     avg(i.sentiment) AS sentiment
ORDER BY day
RETURN collect({day: day, mentions: mentions, shares: shares, replies: replies,
                interactions: interactions, engaged: engaged, sentiment: sentiment}) AS rows
