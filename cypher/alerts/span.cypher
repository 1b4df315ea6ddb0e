// The span of the engagement aimed at a brand's representatives: the UTC days of the first
// and the last interaction targeting one of them (any sentiment), since a time.
// Parameters: $brand, $since (ISO-8601). Returns: first, last (ISO dates, null when none).
// `i` carries no label on purpose: only interactions have TARGETS, and without the label no
// statistics (say, an Interaction(at) index sampled while still empty) can lead the planner
// to scan that index once per representative instead of expanding from each of them.
MATCH (:Brand {id: $brand})<-[:REPRESENTS]-(rep:Person)
CALL (rep) {
  MATCH (rep)<-[:TARGETS]-(i)<-[:PERFORMED]-(:Person)
  WHERE i.at >= datetime($since)
  RETURN min(i.at) AS lo, max(i.at) AS hi
}
RETURN toString(date(min(lo))) AS first, toString(date(max(hi))) AS last
