-- Catalogue: what can be booked where. The rows themselves come from a separate, configurable Flyway
-- location (db/sample-catalogue by default), so a clinic's own data replaces the sample without code changes.
CREATE TABLE treatment (
    code                  text PRIMARY KEY,
    name_en               text    NOT NULL,
    name_zh_hk            text    NOT NULL,
    free_trial            boolean NOT NULL DEFAULT false,
    min_notice_days       integer NOT NULL DEFAULT 1 CHECK (min_notice_days >= 0),
    max_advance_days      integer NOT NULL DEFAULT 60 CHECK (max_advance_days >= 0),
    duration_minutes      integer NOT NULL CHECK (duration_minutes > 0),
    slot_interval_minutes integer NOT NULL CHECK (slot_interval_minutes > 0),
    sort_order            integer NOT NULL DEFAULT 0
);

CREATE TABLE branch (
    code          text PRIMARY KEY,
    name_en       text    NOT NULL,
    name_zh_hk    text    NOT NULL,
    address_en    text    NOT NULL,
    address_zh_hk text    NOT NULL,
    phone         text    NOT NULL,
    sort_order    integer NOT NULL DEFAULT 0
);

-- ISO weekday 1 = Monday ... 7 = Sunday; a weekday without a row is a closed weekday.
CREATE TABLE branch_opening_hours (
    branch_code text     NOT NULL REFERENCES branch (code),
    weekday     smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens_at    time     NOT NULL,
    closes_at   time     NOT NULL CHECK (closes_at > opens_at),
    PRIMARY KEY (branch_code, weekday)
);

CREATE TABLE branch_closed_date (
    branch_code text NOT NULL REFERENCES branch (code),
    closed_on   date NOT NULL,
    reason      text,
    PRIMARY KEY (branch_code, closed_on)
);

-- Places per slot start for a treatment at a branch; no row means the branch does not offer the treatment.
CREATE TABLE slot_capacity (
    branch_code    text    NOT NULL REFERENCES branch (code),
    treatment_code text    NOT NULL REFERENCES treatment (code),
    places         integer NOT NULL CHECK (places >= 0),
    PRIMARY KEY (branch_code, treatment_code)
);

-- Exceptions to places per slot for one weekday and slot start (e.g. fewer therapists over lunch).
CREATE TABLE slot_capacity_override (
    branch_code    text     NOT NULL,
    treatment_code text     NOT NULL,
    weekday        smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    slot_time      time     NOT NULL,
    places         integer  NOT NULL CHECK (places >= 0),
    PRIMARY KEY (branch_code, treatment_code, weekday, slot_time),
    FOREIGN KEY (branch_code, treatment_code) REFERENCES slot_capacity (branch_code, treatment_code)
);

-- One counter row per booked slot: a conditional upsert on it is what keeps capacity from being exceeded
-- by concurrent requests (the row lock serialises them), without locking the whole catalogue.
CREATE TABLE slot_booking (
    branch_code    text    NOT NULL,
    treatment_code text    NOT NULL,
    slot_date      date    NOT NULL,
    slot_time      time    NOT NULL,
    booked         integer NOT NULL CHECK (booked >= 0),
    PRIMARY KEY (branch_code, treatment_code, slot_date, slot_time)
);

CREATE TABLE registration (
    id                uuid PRIMARY KEY,
    treatment_code    text        NOT NULL REFERENCES treatment (code),
    branch_code       text        NOT NULL REFERENCES branch (code),
    slot_date         date        NOT NULL,
    slot_time         time        NOT NULL,
    status            text        NOT NULL,
    free_trial        boolean     NOT NULL,
    full_name         text,
    phone             text,
    email             text,
    language          text        NOT NULL,
    marketing_opt_in  boolean     NOT NULL DEFAULT false,
    source_channel    text,
    source_campaign   text,
    manage_token_hash text        NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    treated_at        timestamptz,
    erased_at         timestamptz,
    version           integer     NOT NULL DEFAULT 0
);

-- A phone number holds at most one active free trial per treatment, even under concurrent requests.
CREATE UNIQUE INDEX registration_active_free_trial_uq ON registration (phone, treatment_code)
    WHERE free_trial AND status IN ('SUBMITTED', 'RESCHEDULED');
-- Staff lists filter by date first, then branch, treatment and status.
CREATE INDEX registration_staff_list_idx ON registration (slot_date, branch_code, treatment_code, status);
CREATE INDEX registration_phone_idx ON registration (phone);

-- What was agreed to, when and through which channel; kept separate so it outlives reschedules.
CREATE TABLE consent_record (
    id               uuid PRIMARY KEY,
    registration_id  uuid        NOT NULL REFERENCES registration (id),
    terms_version    text        NOT NULL,
    privacy_version  text        NOT NULL,
    marketing_opt_in boolean     NOT NULL,
    channel          text        NOT NULL,
    accepted_at      timestamptz NOT NULL
);
CREATE INDEX consent_record_registration_idx ON consent_record (registration_id);

-- A retried POST with the same Idempotency-Key gets the first answer back instead of a second booking.
CREATE TABLE idempotency_record (
    idempotency_key text PRIMARY KEY,
    registration_id uuid,
    request_hash    text        NOT NULL,
    status          integer     NOT NULL,
    location        text,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL
);
