-- Transactional outbox: written in the same transaction as the business change, published by the relay
-- in insertion order (seq) per registration; published rows are kept for a while for audit, then purged.
CREATE TABLE outbox_event (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             uuid        NOT NULL UNIQUE,
    aggregate_id   uuid        NOT NULL,
    type           text        NOT NULL,
    payload        json        NOT NULL, -- json, not jsonb: the event goes out with its keys in the written order
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz
);

-- The relay only ever scans unpublished rows in order.
CREATE INDEX outbox_event_unpublished_idx ON outbox_event (seq) WHERE published_at IS NULL;
