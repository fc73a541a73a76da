-- Guides, one row per slug; their localized, versioned bodies follow in later migrations.
CREATE TABLE guide (
    id          uuid        PRIMARY KEY,
    slug        text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
