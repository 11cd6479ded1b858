/**
 * The schema of firmware and log campaigns (migration 22, OCPP 2.0.1 L01, N01): the firmware
 * images Tamna serves, each campaign, and each charger's part with its requestId, latest status
 * and (logs) the upload token and the file received.
 */
export const CAMPAIGNS_SCHEMA = `
CREATE TABLE firmware_files (
  id text PRIMARY KEY,
  name text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE campaigns (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('firmware', 'log')),
  location text,
  firmware_id text REFERENCES firmware_files (id),
  log_type text,
  created_at timestamptz NOT NULL
);
CREATE INDEX campaigns_kind_idx ON campaigns (kind, created_at DESC);

CREATE TABLE campaign_targets (
  campaign_id text NOT NULL REFERENCES campaigns (id),
  charger_id text NOT NULL,
  kind text NOT NULL,
  request_id integer NOT NULL,
  status text NOT NULL,
  is_final boolean NOT NULL DEFAULT false,
  detail text,
  upload_token text UNIQUE,
  file_name text,
  size_bytes bigint,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, charger_id)
);
CREATE INDEX campaign_targets_request_idx ON campaign_targets (charger_id, kind, request_id);
`;
