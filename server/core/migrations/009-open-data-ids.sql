-- Open Civic Data ids (issue 16): the open-data API (/api/open) names organizations, people, events, bills
-- (decisions) and vote events by OCD-style ids ("ocd-event/<uuid>") that survive an export and an import into
-- another Nist, so they are kept in a column, made once, never derived from a row id.

-- A version-4 UUID, new at every read (randomblob is evaluated per row); used by the backfill and the triggers.
CREATE VIEW ocd_uuid AS SELECT
  lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS value;

ALTER TABLE bodies ADD COLUMN ocd_id TEXT;
ALTER TABLE members ADD COLUMN ocd_id TEXT;
ALTER TABLE sessions ADD COLUMN ocd_id TEXT;
ALTER TABLE decisions ADD COLUMN ocd_id TEXT;
-- A decision's roll call is a vote event of its own in OCD.
ALTER TABLE decisions ADD COLUMN vote_ocd_id TEXT;

UPDATE bodies SET ocd_id = 'ocd-organization/' || (SELECT value FROM ocd_uuid);
UPDATE members SET ocd_id = 'ocd-person/' || (SELECT value FROM ocd_uuid);
UPDATE sessions SET ocd_id = 'ocd-event/' || (SELECT value FROM ocd_uuid);
UPDATE decisions SET ocd_id = 'ocd-bill/' || (SELECT value FROM ocd_uuid), vote_ocd_id = 'ocd-vote/' || (SELECT value FROM ocd_uuid);

CREATE UNIQUE INDEX bodies_ocd_id ON bodies(ocd_id);
CREATE UNIQUE INDEX members_ocd_id ON members(ocd_id);
CREATE UNIQUE INDEX sessions_ocd_id ON sessions(ocd_id);
CREATE UNIQUE INDEX decisions_ocd_id ON decisions(ocd_id);
CREATE UNIQUE INDEX decisions_vote_ocd_id ON decisions(vote_ocd_id);

-- New rows get their ids here, so no insert anywhere has to remember them; an import that brings ids sets them.
CREATE TRIGGER bodies_ocd_id AFTER INSERT ON bodies WHEN NEW.ocd_id IS NULL
BEGIN UPDATE bodies SET ocd_id = 'ocd-organization/' || (SELECT value FROM ocd_uuid) WHERE id = NEW.id; END;
CREATE TRIGGER members_ocd_id AFTER INSERT ON members WHEN NEW.ocd_id IS NULL
BEGIN UPDATE members SET ocd_id = 'ocd-person/' || (SELECT value FROM ocd_uuid) WHERE id = NEW.id; END;
CREATE TRIGGER sessions_ocd_id AFTER INSERT ON sessions WHEN NEW.ocd_id IS NULL
BEGIN UPDATE sessions SET ocd_id = 'ocd-event/' || (SELECT value FROM ocd_uuid) WHERE id = NEW.id; END;
CREATE TRIGGER decisions_ocd_id AFTER INSERT ON decisions WHEN NEW.ocd_id IS NULL
BEGIN UPDATE decisions SET ocd_id = 'ocd-bill/' || (SELECT value FROM ocd_uuid) WHERE id = NEW.id; END;
CREATE TRIGGER decisions_vote_ocd_id AFTER INSERT ON decisions WHEN NEW.vote_ocd_id IS NULL
BEGIN UPDATE decisions SET vote_ocd_id = 'ocd-vote/' || (SELECT value FROM ocd_uuid) WHERE id = NEW.id; END;
