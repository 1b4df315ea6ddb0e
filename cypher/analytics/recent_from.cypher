// Where the recent part of a topic's window starts, for momentum: the window's last
// $recentShare. The window is [$since, $until); an open start is the topic's (T and its
// subtopics) first interaction in the window, an open end is $asOf. Read once per analysis.
// Parameters: $topic, $since, $until (ISO or null), $asOf (ISO), $recentShare (0-1).
// Returns: recentFrom (datetime).
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
OPTIONAL MATCH (t)<-[:ABOUT]-(i)  // unlabelled: expanded from each topic, as in alerts/span
WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
WITH min(i.at) AS first
WITH coalesce(datetime($since), first, datetime($asOf)) AS windowStart,
     coalesce(datetime($until), datetime($asOf)) AS windowEnd
RETURN windowStart + duration({seconds: toInteger(
         duration.inSeconds(windowStart, windowEnd).seconds * (1.0 - $recentShare))}) AS recentFrom
