// What each person enlisted in a campaign did and drew in a window [$from, $to), counting
// campaign interactions only (IN_CAMPAIGN), acts summed by `count`:
// posts: those they performed; engagement: those others performed targeting them;
// engagers: the distinct people behind that engagement; reached: engagers who had never
// interacted with them before $from; converted: engagers who, at or after their first such
// engagement and before $to, interacted with one of the brand's official accounts.
// Each engager's own interactions are read once, not once per enlisted person they engaged:
// the last time in the window they engaged an official account, and which of the enlisted
// they had engaged before $from.
// Parameters: $id (campaign id), $from, $to (ISO-8601 strings).
// Returns: one row, rows: a list of {person, name, posts, engagement, engagers, reached,
// converted}, by person id.
MATCH (c:Campaign {id: $id})-[:OF_BRAND]->(b:Brand)
OPTIONAL MATCH (a:Person)-[:REPRESENTS {role: 'official'}]->(b)
WITH c, collect(a) AS accounts
OPTIONAL MATCH (p:Person)-[:ENLISTED_IN]->(c)
WITH c, accounts, collect(p) AS enlisted
CALL (c, accounts, enlisted) {
  UNWIND enlisted AS p
  // `i` and `j` unlabelled, as in alerts/span.cypher: expanded from each person, never
  // found through the Interaction(at) index once per person.
  MATCH (e:Person)-[:PERFORMED]->(i)-[:TARGETS]->(p)
  WHERE datetime($from) <= i.at < datetime($to) AND (i)-[:IN_CAMPAIGN]->(c)
  WITH e, p, sum(i.count) AS drew, min(i.at) AS first
  WITH e, collect({p: p, drew: drew, first: first}) AS engaged
  CALL (e, accounts, enlisted) {
    OPTIONAL MATCH (e)-[:PERFORMED]->(j)-[:TARGETS]->(t:Person)
    WHERE j.at < datetime($to) AND (t IN accounts OR t IN enlisted)
    RETURN max(CASE WHEN t IN accounts AND j.at >= datetime($from) THEN j.at END) AS last,
           collect(DISTINCT CASE WHEN j.at < datetime($from) AND t IN enlisted THEN t END)
             AS before
  }
  UNWIND engaged AS x
  WITH x.p AS p, x.drew AS drew, NOT x.p IN before AS isNew,
       last IS NOT NULL AND last >= x.first AS converted
  WITH p, sum(drew) AS engagement, count(*) AS engagers,
       count(CASE WHEN isNew THEN 1 END) AS reached,
       count(CASE WHEN converted THEN 1 END) AS converted
  RETURN collect({p: p, engagement: engagement, engagers: engagers, reached: reached,
                  converted: converted}) AS drawn
}
UNWIND enlisted AS p
CALL (p, c) {
  OPTIONAL MATCH (p)-[:PERFORMED]->(i)-[:IN_CAMPAIGN]->(c)
  WHERE datetime($from) <= i.at < datetime($to)
  RETURN coalesce(sum(i.count), 0) AS posts
}
WITH p, posts, [d IN drawn WHERE d.p = p][0] AS d
WITH p, posts, d ORDER BY p.id
RETURN collect({person: p.id, name: p.name, posts: posts,
                engagement: coalesce(d.engagement, 0), engagers: coalesce(d.engagers, 0),
                reached: coalesce(d.reached, 0), converted: coalesce(d.converted, 0)}) AS rows
