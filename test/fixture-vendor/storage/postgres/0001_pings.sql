CREATE TABLE acme_pings (
  id BIGSERIAL PRIMARY KEY,
  unit TEXT NOT NULL,
  note TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
