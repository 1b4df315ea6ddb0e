// Every Interaction has a unique id, from its source platform: replays MERGE onto it.
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.id IS UNIQUE
