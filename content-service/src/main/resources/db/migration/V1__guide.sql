-- content schema. Guides are versioned per locale: staff edit a draft, publishing appends an immutable
-- version and points the publication at it; public reads only ever see the publication.

CREATE TABLE guide (
    id          uuid        PRIMARY KEY,
    slug        text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    created_at  timestamptz NOT NULL
);

CREATE TABLE guide_draft (
    guide_id      uuid        NOT NULL REFERENCES guide (id),
    locale        text        NOT NULL CHECK (locale IN ('en', 'zh-HK')),
    review_status text        NOT NULL CHECK (review_status IN ('source', 'machine-translated', 'reviewed')),
    document      jsonb       NOT NULL,
    updated_at    timestamptz NOT NULL,
    updated_by    text        NOT NULL,
    PRIMARY KEY (guide_id, locale)
);

-- Published history: never updated, never deleted. Section 7 holds rule ids, resolved when served.
CREATE TABLE guide_version (
    id            uuid        PRIMARY KEY,
    guide_id      uuid        NOT NULL REFERENCES guide (id),
    locale        text        NOT NULL CHECK (locale IN ('en', 'zh-HK')),
    version       integer     NOT NULL CHECK (version > 0),
    review_status text        NOT NULL CHECK (review_status IN ('source', 'machine-translated', 'reviewed')),
    title         text        NOT NULL,
    document      jsonb       NOT NULL,
    published_at  timestamptz NOT NULL,
    published_by  text        NOT NULL,
    UNIQUE (guide_id, locale, version)
);

-- What the public sees: one published version per guide and locale.
CREATE TABLE guide_publication (
    guide_id   uuid NOT NULL REFERENCES guide (id),
    locale     text NOT NULL CHECK (locale IN ('en', 'zh-HK')),
    version_id uuid NOT NULL REFERENCES guide_version (id),
    PRIMARY KEY (guide_id, locale)
);

CREATE TABLE guide_faq (
    version_id uuid    NOT NULL REFERENCES guide_version (id),
    position   integer NOT NULL,
    faq_id     text    NOT NULL,
    question   text    NOT NULL,
    answer     text    NOT NULL,
    PRIMARY KEY (version_id, position),
    UNIQUE (version_id, faq_id)
);

-- The single source of the aftercare sentences (guide section 7 and every plan). text = {"en": ..., "zh-HK": ...}
CREATE TABLE aftercare_rule (
    id       text    PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    position integer NOT NULL,
    text     jsonb   NOT NULL CHECK (jsonb_typeof(text -> 'en') = 'string')
);

CREATE TABLE aftercare_plan (
    treatment_code text    PRIMARY KEY,
    version        integer NOT NULL CHECK (version > 0),
    guide_slug     text    NOT NULL,
    treatment_name jsonb   NOT NULL,
    guide_refs     jsonb   NOT NULL DEFAULT '[]'
);

CREATE TABLE aftercare_plan_step (
    treatment_code text     NOT NULL REFERENCES aftercare_plan (treatment_code) ON DELETE CASCADE,
    position       integer  NOT NULL,
    step_key       text     NOT NULL,
    step_offset    interval NOT NULL,
    iso_offset     text     NOT NULL,
    title          jsonb    NOT NULL,
    body           jsonb    NOT NULL,
    PRIMARY KEY (treatment_code, position),
    UNIQUE (treatment_code, step_key)
);

-- A step names rules by id only; the foreign key keeps plans from citing a rule the guide does not state.
CREATE TABLE aftercare_plan_step_rule (
    treatment_code text    NOT NULL,
    step_key       text    NOT NULL,
    position       integer NOT NULL,
    rule_id        text    NOT NULL REFERENCES aftercare_rule (id),
    PRIMARY KEY (treatment_code, step_key, position),
    FOREIGN KEY (treatment_code, step_key) REFERENCES aftercare_plan_step (treatment_code, step_key) ON DELETE CASCADE
);

-- Full-text search over published guides and FAQ. en: the 'english' configuration (stemming). zh-HK:
-- PostgreSQL has no Chinese parser and the service role may not CREATE EXTENSION pg_trgm, so the service
-- writes Han character bigrams as lexemes (see SearchTokens) and queries them as phrases.
CREATE TABLE search_entry (
    version_id uuid    NOT NULL REFERENCES guide_version (id),
    position   integer NOT NULL,
    guide_id   uuid    NOT NULL REFERENCES guide (id),
    locale     text    NOT NULL,
    kind       text    NOT NULL CHECK (kind IN ('section', 'faq')),
    anchor     text    NOT NULL,
    heading    text    NOT NULL,
    body       text    NOT NULL,
    document   tsvector NOT NULL,
    PRIMARY KEY (version_id, position)
);
CREATE INDEX search_entry_document ON search_entry USING gin (document);
CREATE INDEX search_entry_locale ON search_entry (locale);

-- Bumped by every change a reader could see; replicas compare it to drop their cached renderings.
CREATE TABLE content_revision (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    revision  bigint  NOT NULL
);
INSERT INTO content_revision (singleton, revision) VALUES (true, 0);
