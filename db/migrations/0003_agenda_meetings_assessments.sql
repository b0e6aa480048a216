-- Meeting details, the agenda's own items and texts (with the meeting's protokoll), documents attached to
-- agreements, sub-point ratings, and the case-numbering setting's default.

ALTER TABLE meetings ADD COLUMN time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]');
ALTER TABLE meetings ADD COLUMN chair TEXT;
ALTER TABLE meetings ADD COLUMN participants TEXT NOT NULL DEFAULT '[]';   -- JSON list of text
ALTER TABLE meetings ADD COLUMN notes TEXT;

CREATE TABLE agenda_entries (
    meeting_year      INTEGER NOT NULL,
    meeting_number    INTEGER NOT NULL CHECK (meeting_number BETWEEN 1 AND 4),
    action            TEXT NOT NULL CHECK (action IN ('review', 'scope', 'sign', 're-sign', 'status', 'overview', 'own')),
    agreement         TEXT REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    key               TEXT NOT NULL DEFAULT '',
    title             TEXT,
    background        TEXT,
    proposed_decision TEXT,
    position          INTEGER,
    minutes           TEXT,
    taken_at          TEXT,
    attachments       TEXT NOT NULL DEFAULT '[]'   -- JSON list of document names
);
CREATE UNIQUE INDEX agenda_entries_identity ON agenda_entries (meeting_year, meeting_number, action, coalesce(agreement, ''), key);

CREATE TABLE attachments (
    agreement TEXT NOT NULL REFERENCES agreements (key) ON DELETE CASCADE ON UPDATE CASCADE,
    stored    TEXT NOT NULL,
    name      TEXT NOT NULL,
    added     TEXT NOT NULL CHECK (date(added) IS added),
    PRIMARY KEY (agreement, stored)
);

ALTER TABLE assessments ADD COLUMN subpoints_met TEXT;     -- JSON list of the sub-points met, or NULL
ALTER TABLE assessments ADD COLUMN override_reason TEXT;
