-- One root group: every other group hangs below it. Processes starting together on a fresh database both try to
-- create it; with this index the second one fails and finds the first one's instead.
CREATE UNIQUE INDEX groups_single_root ON groups ((parent_id IS NULL)) WHERE parent_id IS NULL;
