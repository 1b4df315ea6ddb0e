// Write a generation's INFLUENCES edges (influencer -> engager: A influences B when B engaged
// with A) from the run's projection, the GDS way: the projection's INFLUENCES relationships
// (analytics/project_topic with a $generation) become stored ones with their weight,
// interactions, lastAt (epoch milliseconds) and generation, all numbers. Invisible to readers
// until analytics/commit_job points the topic at that generation number. GDS commits them in
// batches of its own: a run stopped mid-way leaves some, which the clean-up deletes by number
// (analytics/delete_generation).
// Parameters: $graphName, $concurrency. Returns: relationshipsWritten, writeMillis.
CALL gds.graph.relationshipProperties.write(
  $graphName, 'INFLUENCES', ['weight', 'interactions', 'lastAt', 'generation'],
  {writeConcurrency: $concurrency}
)
YIELD relationshipsWritten, writeMillis
RETURN relationshipsWritten, writeMillis
