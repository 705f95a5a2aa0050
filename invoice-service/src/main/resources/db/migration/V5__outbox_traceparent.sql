-- The W3C traceparent of the span that wrote the row (null outside one, and for rows written before this release):
-- the outbox relay publishes the event later, from its own loop, as a child of that span, so one trace follows a
-- payment across the services (app.lettrage.platform.outbox.Outbox).
ALTER TABLE outbox_event ADD COLUMN traceparent text;

