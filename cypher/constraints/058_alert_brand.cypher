// A brand's alerts, newest first.
CREATE INDEX alert_brand_started IF NOT EXISTS FOR (a:Alert) ON (a.brand, a.startedAt)
