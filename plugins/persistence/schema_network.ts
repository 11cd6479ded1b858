/**
 * The schema of the managed network (migration 10): sites and chargers as operator data with
 * decommissioning, ID tokens, tariffs with immutable versions, the tariff that priced each
 * transaction, and the Local Authorization List state of each charger (OCPP 2.0.1 D01–D04).
 */

/**
 * Decommissioning keeps the row (and every transaction that points at it) and only takes it out
 * of the live inventory. A tariff's prices live in `tariff_versions`, never updated in place, so
 * a transaction's (tariff_id, tariff_version) always finds the prices that charged it.
 */
export const NETWORK_SCHEMA = `
ALTER TABLE stations ADD COLUMN timezone text NOT NULL DEFAULT 'Asia/Seoul';
ALTER TABLE stations ADD COLUMN decommissioned_at timestamptz;

ALTER TABLE chargers ADD COLUMN evses jsonb;
ALTER TABLE chargers ADD COLUMN decommissioned_at timestamptz;
ALTER TABLE chargers ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE chargers ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- One record per token value: Authorize is answered by the value, whatever type it comes with.
CREATE UNIQUE INDEX id_tokens_value_idx ON id_tokens (id_token);
CREATE INDEX id_tokens_group_idx ON id_tokens (group_id) WHERE group_id IS NOT NULL;

CREATE TABLE tariffs (
  id text PRIMARY KEY,
  station_id text,
  charger_id text,
  name text,
  version integer NOT NULL,
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (station_id IS NOT NULL OR charger_id IS NOT NULL)
);
CREATE UNIQUE INDEX tariffs_site_idx ON tariffs (station_id)
  WHERE charger_id IS NULL AND retired_at IS NULL;
CREATE UNIQUE INDEX tariffs_charger_idx ON tariffs (charger_id)
  WHERE charger_id IS NOT NULL AND retired_at IS NULL;

CREATE TABLE tariff_versions (
  tariff_id text NOT NULL REFERENCES tariffs (id),
  version integer NOT NULL,
  price_krw_per_kwh numeric NOT NULL,
  session_fee_krw integer NOT NULL DEFAULT 0,
  idle_fee_krw_per_minute numeric NOT NULL DEFAULT 0,
  idle_grace_minutes integer NOT NULL DEFAULT 0,
  time_of_use jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tariff_id, version)
);

ALTER TABLE transactions ADD COLUMN tariff_id text;
ALTER TABLE transactions ADD COLUMN tariff_version integer;
CREATE INDEX transactions_tariff_idx ON transactions (tariff_id, tariff_version)
  WHERE tariff_id IS NOT NULL;

-- Which tokens a site's or a charger's Local Authorization List holds.
CREATE TABLE local_list_members (
  scope text NOT NULL CHECK (scope IN ('site', 'charger')),
  scope_id text NOT NULL,
  id_token text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, scope_id, id_token)
);
CREATE INDEX local_list_members_token_idx ON local_list_members (id_token);

-- What each charger's list holds as far as the CSMS knows: the version and entries it last
-- accepted, and the version it last reported (GetLocalListVersion).
CREATE TABLE local_list_state (
  charger_id text PRIMARY KEY,
  version integer NOT NULL DEFAULT 0,
  entries jsonb NOT NULL DEFAULT '{}',
  charger_version integer,
  last_status text,
  synced_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;
