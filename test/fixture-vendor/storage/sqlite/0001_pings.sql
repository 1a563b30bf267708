CREATE TABLE acme_pings (
  id INTEGER PRIMARY KEY,
  unit TEXT NOT NULL,
  note TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
