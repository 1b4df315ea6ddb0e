// Time windows over interactions.
CREATE INDEX interaction_at IF NOT EXISTS FOR (i:Interaction) ON (i.at)
