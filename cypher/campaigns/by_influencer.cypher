// What each person enlisted in a campaign did and drew in a window [$from, $to), counting
// campaign interactions only (IN_CAMPAIGN), acts summed by `count`:
// posts: those they performed; engagement: those others performed targeting them;
// engagers: the distinct people behind that engagement; reached: engagers who had never
// interacted with them before $from; converted: engagers who, at or after their first such
// engagement and before $to, interacted with one of the brand's official accounts.
// Parameters: $id (campaign id), $from, $to (ISO-8601 strings).
// Returns: one row, rows: a list of {person, name, posts, engagement, engagers, reached,
// converted}, by person id.
MATCH (c:Campaign {id: $id})-[:OF_BRAND]->(b:Brand)
OPTIONAL MATCH (a:Person)-[:REPRESENTS {role: 'official'}]->(b)
WITH c, collect(a) AS accounts
MATCH (p:Person)-[:ENLISTED_IN]->(c)
CALL (p, c) {
  OPTIONAL MATCH (p)-[:PERFORMED]->(i:Interaction)-[:IN_CAMPAIGN]->(c)
  WHERE datetime($from) <= i.at < datetime($to)
  RETURN coalesce(sum(i.count), 0) AS posts
}
CALL (p, c, accounts) {
  OPTIONAL MATCH (e:Person)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(p)
  WHERE datetime($from) <= i.at < datetime($to) AND (i)-[:IN_CAMPAIGN]->(c)
  WITH e, sum(i.count) AS drew, min(i.at) AS first
  WITH e, drew,
       e IS NOT NULL AND NOT EXISTS {
         MATCH (e)-[:PERFORMED]->(old:Interaction)-[:TARGETS]->(p)
         WHERE old.at < datetime($from)
       } AS isNew,
       e IS NOT NULL AND EXISTS {
         MATCH (e)-[:PERFORMED]->(j:Interaction)-[:TARGETS]->(target:Person)
         WHERE target IN accounts AND first <= j.at < datetime($to)
       } AS converted
  RETURN coalesce(sum(drew), 0) AS engagement, count(e) AS engagers,
         count(CASE WHEN isNew THEN 1 END) AS reached,
         count(CASE WHEN converted THEN 1 END) AS converted
}
WITH p, posts, engagement, engagers, reached, converted ORDER BY p.id
RETURN collect({person: p.id, name: p.name, posts: posts, engagement: engagement,
                engagers: engagers, reached: reached, converted: converted}) AS rows
