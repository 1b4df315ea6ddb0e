// Every API key has a unique id (the public part of `ig_<id>_<secret>`).
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE
