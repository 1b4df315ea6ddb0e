// Every Topic has a unique id (a slug such as 'climate/energy').
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (t:Topic) REQUIRE t.id IS UNIQUE
