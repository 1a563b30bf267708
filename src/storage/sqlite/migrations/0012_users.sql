-- Web sign-in. A user, like a token, belongs to a group (seeing its subtree) and has one role; the password is
-- kept as a salted scrypt hash. A session is what a signed-in browser holds (an HttpOnly cookie): it stands for a
-- user, or for the API token that was used to sign in, and ends at sign-out, expiry or when its user is disabled.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'viewer' CHECK (role IN ('admin', 'manager', 'viewer'));
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN disabled_at INTEGER;

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER REFERENCES users(id),
  credential_id INTEGER REFERENCES credentials(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER,
  CHECK ((user_id IS NULL) <> (credential_id IS NULL))
);
CREATE INDEX sessions_user ON sessions(user_id);
