-- The interpreter role (interpretation audio and sign language on air). SQLite cannot change a CHECK in place,
-- so account_roles is rebuilt with the longer list, as 010 did; its rows and unique index come back as they were.
CREATE TABLE account_roles_new (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'operator', 'moderator', 'archivist', 'captioner', 'interpreter', 'staff')),
  body_id    INTEGER REFERENCES bodies(id) ON DELETE CASCADE
);
INSERT INTO account_roles_new (account_id, role, body_id) SELECT account_id, role, body_id FROM account_roles;
DROP TABLE account_roles;
ALTER TABLE account_roles_new RENAME TO account_roles;
CREATE UNIQUE INDEX account_roles_unique ON account_roles(account_id, role, ifnull(body_id, 0));
