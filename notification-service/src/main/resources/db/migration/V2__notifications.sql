-- The person's contact per registration, copied from booking's events. Erasable: an erased event deletes it.
CREATE TABLE registration_contact (
    registration_id   uuid        PRIMARY KEY,
    phone             text,
    email             text,
    locale            text        NOT NULL,
    marketing_opt_in  boolean     NOT NULL DEFAULT false,
    opted_out_at      timestamptz,
    updated_at        timestamptz NOT NULL
);

-- One row per message to send. The rendered text is kept so a send never depends on another service at
-- delivery time; recipient and bodies are nulled when the registration is erased.
CREATE TABLE notification (
    id                   uuid        PRIMARY KEY,
    registration_id      uuid        NOT NULL,
    type                 text        NOT NULL CHECK (type IN ('CONFIRMATION', 'REMINDER', 'RESCHEDULE_NOTICE',
                                                    'CANCELLATION_NOTICE', 'AFTERCARE', 'REBOOK_OFFER')),
    step                 text        NOT NULL DEFAULT '',
    channel              text        NOT NULL CHECK (channel IN ('EMAIL', 'WHATSAPP', 'SMS')),
    recipient            text,
    locale               text        NOT NULL,
    subject              text,
    body_text            text,
    body_html            text,
    promotional          boolean     NOT NULL DEFAULT false,
    due_at               timestamptz NOT NULL,
    status               text        NOT NULL CHECK (status IN ('SCHEDULED', 'SENDING', 'SENT', 'FAILED', 'CANCELLED')),
    attempts             integer     NOT NULL DEFAULT 0,
    claimed_at           timestamptz,
    lease_until          timestamptz,
    provider_message_id  text,
    last_error           text,
    sent_at              timestamptz,
    fallback_of          uuid        REFERENCES notification (id),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    -- registration:type:step:channel, so a redelivered or replayed event never creates a message twice.
    dedupe_key           text        NOT NULL UNIQUE
);

-- The scheduler's two claim paths: due scheduled rows, and rows whose sender died (lease expired).
CREATE INDEX notification_due_idx ON notification (due_at) WHERE status = 'SCHEDULED';
CREATE INDEX notification_lease_idx ON notification (lease_until) WHERE status = 'SENDING';
-- The staff timeline of one registration.
CREATE INDEX notification_registration_idx ON notification (registration_id, due_at);

-- Last good copy of each aftercare plan from content-service, used when it cannot be reached.
CREATE TABLE aftercare_plan_cache (
    treatment_code  text        PRIMARY KEY,
    version         integer     NOT NULL,
    etag            text,
    document        text        NOT NULL,
    fetched_at      timestamptz NOT NULL
);
