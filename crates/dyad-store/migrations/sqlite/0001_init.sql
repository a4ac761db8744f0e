-- dyad-store schema, version 1 (SQLite). Keep in step with
-- migrations/postgres/0001_init.sql: same tables, columns and meaning.
-- Offsets (*_start, *_end) are Unicode code points into articles.text,
-- end exclusive, as in the dyad/1 JSON. Codes are TEXT ('036').

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    title         TEXT,
    date          TEXT,
    day           TEXT,
    url           TEXT,
    source        TEXT,
    outlet        TEXT NOT NULL,
    language      TEXT,
    authors       TEXT NOT NULL,
    origin_path   TEXT NOT NULL,
    origin_record INTEGER,
    origin_format TEXT NOT NULL,
    encoding      TEXT,
    pipeline      TEXT NOT NULL,
    text          TEXT NOT NULL,
    chars         INTEGER NOT NULL,
    num_sentences INTEGER NOT NULL,
    num_quotes    INTEGER NOT NULL,
    num_events    INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_day ON articles(day, id);
CREATE INDEX articles_doc_id ON articles(doc_id);

CREATE TABLE sentences (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    paragraph  INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content = '', tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id),
    idx           INTEGER NOT NULL,
    label         TEXT NOT NULL,
    name          TEXT NOT NULL,
    gender        TEXT,
    number        TEXT,
    num_mentions  INTEGER NOT NULL,
    actor_code    TEXT,
    actor_country TEXT,
    actor_sector  TEXT,
    actor_sector2 TEXT,
    actor_name    TEXT,
    actor_role    TEXT,
    actor_rule    TEXT,
    UNIQUE (article_id, idx)
);
CREATE INDEX entities_actor_code ON entities(actor_code);

CREATE TABLE quotes (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles(id),
    idx             INTEGER NOT NULL,
    sentence_idx    INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    text            TEXT NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    cue             TEXT,
    cue_lemma       TEXT,
    cue_start       INTEGER,
    cue_end         INTEGER,
    speaker_name    TEXT,
    speaker_name_lc TEXT,
    speaker_entity  INTEGER,
    speaker_title   TEXT,
    speaker_code    TEXT,
    speaker_country TEXT,
    speaker_sector  TEXT,
    confidence      REAL NOT NULL,
    rule            TEXT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content = '', tokenize = 'unicode61 remove_diacritics 0'
);

-- One row per deduplicated event. The *_key columns are the clustering key
-- (see docs/store.md); date is the anchor date (first mention's date).
CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    source_key       TEXT NOT NULL,
    target_key       TEXT NOT NULL,
    root             TEXT NOT NULL,
    negated          INTEGER NOT NULL,
    modality         TEXT NOT NULL,
    date             TEXT,
    location_country TEXT,
    code             TEXT NOT NULL,
    quad_class       INTEGER NOT NULL,
    goldstein        REAL NOT NULL,
    plover_event     TEXT,
    plover_mode      TEXT,
    source_code      TEXT,
    source_name      TEXT,
    source_name_lc   TEXT,
    source_country   TEXT,
    source_sector    TEXT,
    target_code      TEXT,
    target_name      TEXT,
    target_name_lc   TEXT,
    target_country   TEXT,
    target_sector    TEXT,
    location         TEXT,
    first_seen       TEXT,
    last_seen        TEXT,
    num_articles     INTEGER NOT NULL,
    num_sources      INTEGER NOT NULL,
    num_mentions     INTEGER NOT NULL,
    first_mention_id INTEGER
);
CREATE INDEX events_dedup ON events(source_key, target_key, root, negated, modality, date);
CREATE INDEX events_dyad ON events(source_code, target_code, date);
CREATE INDEX events_target ON events(target_code, date);
CREATE INDEX events_date ON events(date, source_code, target_code);
CREATE INDEX events_code ON events(code);

CREATE TABLE event_mentions (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES events(id),
    article_id       INTEGER NOT NULL REFERENCES articles(id),
    idx              INTEGER NOT NULL,
    sentence_idx     INTEGER NOT NULL,
    code             TEXT NOT NULL,
    root             TEXT NOT NULL,
    quad_class       INTEGER NOT NULL,
    goldstein        REAL NOT NULL,
    plover_event     TEXT,
    plover_mode      TEXT,
    source_code      TEXT,
    source_text      TEXT,
    source_start     INTEGER,
    source_end       INTEGER,
    target_code      TEXT,
    target_text      TEXT,
    target_start     INTEGER,
    target_end       INTEGER,
    participants     TEXT NOT NULL,
    trigger_text     TEXT NOT NULL,
    trigger_lemma    TEXT NOT NULL,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL,
    negated          INTEGER NOT NULL,
    modality         TEXT NOT NULL,
    location         TEXT,
    location_start   INTEGER,
    location_end     INTEGER,
    location_country TEXT,
    date             TEXT,
    seen             TEXT,
    outlet           TEXT NOT NULL,
    rule             TEXT NOT NULL,
    confidence       REAL NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX event_mentions_event ON event_mentions(event_id, id);
