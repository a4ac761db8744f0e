-- dyad-store schema, version 2 (SQLite): stances and negotiations. Keep in
-- step with migrations/postgres/0002_stances.sql. Offsets are Unicode code
-- points into articles.text, end exclusive, as in the dyad/1 JSON.

-- One row per stated position (dyad/1 `stances`): who (holder, actor),
-- on what (issue), which way (polarity, strength), where (statement,
-- sentence, cue) and why (evidence: the cue, polarity, negation and hedge
-- words, '; '-joined). actor_key is what the actor x issue matrix
-- aggregates under: the actor code, else the holder's name.
CREATE TABLE stances (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    sentence_idx  INTEGER NOT NULL,
    holder        TEXT NOT NULL,
    holder_lc     TEXT NOT NULL,
    actor_code    TEXT,
    actor_country TEXT,
    actor_sector  TEXT,
    actor_key     TEXT NOT NULL,
    issue_id      TEXT NOT NULL,
    issue_label   TEXT NOT NULL,
    polarity      TEXT NOT NULL,
    strength      REAL NOT NULL,
    text          TEXT NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    cue           TEXT,
    cue_start     INTEGER,
    cue_end       INTEGER,
    evidence      TEXT NOT NULL,
    quote_idx     INTEGER,
    rule          TEXT NOT NULL,
    day           TEXT,
    UNIQUE (article_id, idx)
);
CREATE INDEX stances_issue ON stances(issue_id, actor_key);
CREATE INDEX stances_actor_code ON stances(actor_code);
CREATE INDEX stances_day ON stances(day);

-- One row per meeting seen as a negotiation (dyad/1 `negotiations`).
-- present/excluded: the parties' actor codes (else names), ';'-joined;
-- red_lines: ids of rows of stances; agreements and meetings: ids of rows
-- of event_mentions; preconditions: a JSON array of
-- {"holder","actor_code","text","cue"}.
CREATE TABLE negotiations (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    place          TEXT,
    place_start    INTEGER,
    place_end      INTEGER,
    present        TEXT NOT NULL,
    present_names  TEXT NOT NULL,
    excluded       TEXT NOT NULL,
    excluded_names TEXT NOT NULL,
    red_lines      TEXT NOT NULL,
    preconditions  TEXT NOT NULL,
    agreements     TEXT NOT NULL,
    meetings       TEXT NOT NULL,
    day            TEXT,
    UNIQUE (article_id, idx)
);
