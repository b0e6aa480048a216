-- The register: settings, governments, meetings, parties, agreements and what refers to them, and the history.
-- Dates are ISO text (YYYY-MM-DD). Lists inside a record are child rows with a position.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL               -- JSON
);

CREATE TABLE governments (
    took_office TEXT PRIMARY KEY CHECK (date(took_office) IS took_office),
    name        TEXT NOT NULL
);

CREATE TABLE meetings (
    year     INTEGER NOT NULL,
    number   INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
    date     TEXT NOT NULL CHECK (date(date) IS date AND CAST(substr(date, 1, 4) AS INTEGER) = year),
    location TEXT,
    PRIMARY KEY (year, number)
);

CREATE TABLE parties (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'ministry' CHECK (kind IN ('ministry', 'directorate', 'other')),
    former_names TEXT NOT NULL DEFAULT '[]'     -- JSON list of text
);

CREATE TABLE agreements (
    key                  TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    category             TEXT NOT NULL DEFAULT 'consultation' CHECK (category IN ('consultation', 'other')),
    ks_signatory_level   TEXT CHECK (ks_signatory_level IN ('political', 'administrative')),
    signed_date          TEXT CHECK (date(signed_date) IS signed_date),
    start_date           TEXT CHECK (date(start_date) IS start_date),
    end_date             TEXT CHECK (date(end_date) IS end_date),
    duration_months      INTEGER CHECK (duration_months > 0),
    notice_months        INTEGER CHECK (notice_months >= 0),
    notice_text          TEXT,
    purpose              TEXT,
    obligations_joint    TEXT,
    obligations_ks       TEXT,
    obligations_state    TEXT,
    economy_text         TEXT,
    storting_reservation INTEGER CHECK (storting_reservation IN (0, 1)),
    evaluation_clause    TEXT,
    evaluation_annual    INTEGER CHECK (evaluation_annual IN (0, 1)),
    followup_text        TEXT,
    term_exception       TEXT,
    status               TEXT,
    notes                TEXT
);

CREATE TABLE agreement_parties (
    agreement TEXT NOT NULL REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    side      TEXT NOT NULL CHECK (side IN ('state', 'other')),
    position  INTEGER NOT NULL,
    party     TEXT NOT NULL,
    PRIMARY KEY (agreement, side, position)
);

CREATE TABLE signatories (
    agreement TEXT NOT NULL REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    role      TEXT,
    party     TEXT,
    PRIMARY KEY (agreement, position)
);

CREATE TABLE decisions (
    agreement      TEXT NOT NULL REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    meeting_year   INTEGER NOT NULL,
    meeting_number INTEGER NOT NULL CHECK (meeting_number BETWEEN 1 AND 4),
    decision       TEXT NOT NULL CHECK (decision IN ('continue', 'renegotiate', 'terminate', 'new', 'postpone')),
    note           TEXT,
    PRIMARY KEY (agreement, meeting_year, meeting_number)
);

CREATE TABLE signings (
    agreement      TEXT NOT NULL REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    date           TEXT NOT NULL CHECK (date(date) IS date),
    meeting_year   INTEGER,
    meeting_number INTEGER CHECK (meeting_number BETWEEN 1 AND 4),
    end_date       TEXT CHECK (date(end_date) IS end_date),
    PRIMARY KEY (agreement, date)
);

CREATE TABLE criteria_sets (
    key   TEXT PRIMARY KEY,
    title TEXT NOT NULL
);

CREATE TABLE criteria (
    criteria_set TEXT NOT NULL REFERENCES criteria_sets (key) ON DELETE CASCADE ON UPDATE CASCADE,
    key          TEXT NOT NULL,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT,
    subpoints    TEXT NOT NULL DEFAULT '[]',    -- JSON list of text
    PRIMARY KEY (criteria_set, key)
);

CREATE TABLE assessments (
    agreement     TEXT NOT NULL REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    criteria_set  TEXT NOT NULL,
    criterion     TEXT NOT NULL,
    rating        TEXT NOT NULL CHECK (rating IN ('i_traad', 'delvis', 'ikke_i_traad', 'ikke_relevant', 'ikke_vurdert')),
    justification TEXT,
    PRIMARY KEY (agreement, criteria_set, criterion),
    FOREIGN KEY (criteria_set, criterion) REFERENCES criteria (criteria_set, key) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE deviations (
    action      TEXT NOT NULL CHECK (action IN ('review', 'scope', 'sign', 're-sign', 'status', 'overview')),
    agreement   TEXT REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    from_year   INTEGER NOT NULL,
    from_number INTEGER NOT NULL CHECK (from_number BETWEEN 1 AND 4),
    to_year     INTEGER,
    to_number   INTEGER CHECK (to_number BETWEEN 1 AND 4),
    to_date     TEXT CHECK (date(to_date) IS to_date),
    reason      TEXT,
    CHECK ((to_year IS NULL) <> (to_date IS NULL))
);
-- NULL agreements (scope and overview items) must still be unique per action and meeting.
CREATE UNIQUE INDEX deviations_identity ON deviations (action, coalesce(agreement, ''), from_year, from_number);

-- Every change, field by field: who (the OS user), when, which command, old and new value (JSON).
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    user    TEXT NOT NULL,
    command TEXT NOT NULL,
    kind    TEXT NOT NULL,
    record  TEXT,
    field   TEXT,
    old     TEXT,
    new     TEXT
);
CREATE INDEX history_record ON history (kind, record);

CREATE INDEX decisions_meeting ON decisions (meeting_year, meeting_number);
CREATE INDEX assessments_criterion ON assessments (criteria_set, criterion);
