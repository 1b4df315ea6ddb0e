// A delivery's id is its Standard Webhooks message id (`webhook-id`), stable across attempts.
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (d:WebhookDelivery) REQUIRE d.id IS UNIQUE
