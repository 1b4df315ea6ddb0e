// One ResultCounter per name: analytics/begin_results numbers each run's generation from the
// one named 'generation', and its MERGE must find the same node from every worker.
CREATE CONSTRAINT result_counter_name IF NOT EXISTS FOR (c:ResultCounter) REQUIRE c.name IS UNIQUE
