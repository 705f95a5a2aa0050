-- Wakes the outbox relay of every replica when events are committed: NOTIFY is delivered only at commit (never for a
-- rolled-back transaction), and once per channel and payload per transaction however many rows it inserted.
-- Repeatable (R__), so it is (re)applied after each service's own versioned migrations, on new and existing databases.
CREATE OR REPLACE FUNCTION lettrage_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('lettrage_outbox', '');
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
CREATE TRIGGER outbox_event_notify
    AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION lettrage_outbox_notify();
