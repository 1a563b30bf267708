-- A stored position that a later copy completed (model/position-merge.ts) takes a new place in the commit order,
-- so that sync consumers read it again; its id stays, since other rows and clients refer to it. One row per
-- position, holding its latest place; sync reads a position at that place instead of at its id.
CREATE TABLE position_revisions (
  seq INTEGER PRIMARY KEY,
  position_id INTEGER NOT NULL UNIQUE REFERENCES positions(id) ON DELETE CASCADE
);
