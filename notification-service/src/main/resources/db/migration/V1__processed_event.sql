-- Message log: every CloudEvent id this service has applied, written in the same transaction as the effect,
-- so a redelivered event changes nothing.
CREATE TABLE processed_event (
    event_id      text        PRIMARY KEY,
    event_type    text        NOT NULL,
    subject       text,
    processed_at  timestamptz NOT NULL DEFAULT now()
);
