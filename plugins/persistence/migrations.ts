/** Versioned schema migrations, applied once each, in one transaction, at startup. */
import type { Db } from "./sql.ts";
import { NETWORK_SCHEMA } from "./schema_network.ts";
import { ACCOUNTS_SCHEMA } from "./schema_accounts.ts";
import { DEVICE_MODEL_SCHEMA } from "./schema_device_model.ts";
import { RESERVATIONS_SCHEMA } from "./schema_reservations.ts";
import { CAMPAIGNS_SCHEMA } from "./schema_campaigns.ts";
import { DISPLAY_MESSAGES_SCHEMA } from "./schema_display_messages.ts";

/** One migration: applied in `version` order, recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Deliberately no foreign keys from the high-volume and transaction tables to `chargers`: a
// frame, a sample or a TransactionEvent from a charger the inventory does not know yet must
// still be stored (never lose acknowledged data), and one bad row must not fail a batch.
const CORE_TABLES = `
CREATE TABLE stations (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_ko text,
  address text NOT NULL DEFAULT '',
  lat double precision,
  lng double precision,
  grid_capacity_kw double precision,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chargers (
  charger_id text PRIMARY KEY,
  station_id text REFERENCES stations (id) ON DELETE SET NULL,
  max_power_kw double precision,
  model text,
  vendor text,
  serial_number text,
  firmware_version text,
  lat double precision,
  lng double precision,
  registration_status text,
  security_profile integer NOT NULL DEFAULT 0,
  password_hash text,
  first_seen timestamptz,
  last_boot_at timestamptz,
  last_seen_at timestamptz
);
CREATE INDEX chargers_station_idx ON chargers (station_id);

CREATE TABLE connectors (
  charger_id text NOT NULL,
  evse_id integer NOT NULL,
  connector_id integer NOT NULL,
  status text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (charger_id, evse_id, connector_id)
);

CREATE TABLE boots (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  at timestamptz NOT NULL,
  reason text,
  model text,
  vendor text,
  serial_number text,
  firmware_version text,
  status text NOT NULL
);
CREATE INDEX boots_charger_at_idx ON boots (charger_id, at DESC);

CREATE TABLE status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  evse_id integer NOT NULL,
  connector_id integer NOT NULL,
  status text NOT NULL,
  timestamp timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX status_history_charger_ts_idx ON status_history (charger_id, timestamp DESC);

-- energy_wh is derived, so it can never be double-counted: the register at the end minus the
-- register at Started, null until both are known.
CREATE TABLE transactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  transaction_id text NOT NULL,
  station_id text,
  evse_id integer,
  connector_id integer,
  id_token text,
  id_token_type text,
  remote_start_id integer,
  started_at timestamptz,
  ended_at timestamptz,
  has_started_event boolean NOT NULL DEFAULT false,
  meter_start_wh bigint,
  meter_stop_wh bigint,
  meter_stop_seq_no integer,
  energy_wh bigint GENERATED ALWAYS AS (meter_stop_wh - meter_start_wh) STORED,
  cost_krw bigint,
  cost_source text,
  stopped_reason text,
  charging_state text,
  last_seq_no integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (charger_id, transaction_id)
);
CREATE INDEX transactions_charger_started_idx ON transactions (charger_id, started_at DESC);
CREATE INDEX transactions_station_started_idx ON transactions (station_id, started_at DESC);
CREATE INDEX transactions_started_idx ON transactions (started_at DESC);
CREATE INDEX transactions_active_idx ON transactions (charger_id) WHERE ended_at IS NULL;

CREATE TABLE transaction_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  transaction_id text NOT NULL,
  seq_no integer NOT NULL,
  event_type text NOT NULL,
  trigger_reason text NOT NULL,
  timestamp timestamptz NOT NULL,
  offline boolean NOT NULL DEFAULT false,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  UNIQUE (charger_id, transaction_id, seq_no)
);

CREATE TABLE meter_samples (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  evse_id integer NOT NULL DEFAULT 0,
  transaction_id text,
  timestamp timestamptz NOT NULL,
  energy_wh bigint,
  power_w double precision,
  voltage_v double precision,
  current_a double precision,
  soc_percent double precision,
  received_at timestamptz NOT NULL
);
CREATE INDEX meter_samples_ts_idx ON meter_samples (timestamp);
CREATE INDEX meter_samples_charger_ts_idx ON meter_samples (charger_id, timestamp);

CREATE TABLE id_tokens (
  id_token text NOT NULL,
  type text NOT NULL DEFAULT 'Central',
  status text NOT NULL DEFAULT 'Accepted',
  group_id text,
  expires_at timestamptz,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id_token, type)
);

CREATE TABLE charging_profiles (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  profile_id integer NOT NULL,
  evse_id integer NOT NULL DEFAULT 0,
  purpose text NOT NULL,
  stack_level integer NOT NULL DEFAULT 0,
  limit_w double precision,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  cleared_at timestamptz
);
CREATE INDEX charging_profiles_active_idx ON charging_profiles (charger_id) WHERE cleared_at IS NULL;

CREATE TABLE security_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  type text NOT NULL,
  tech_info text,
  timestamp timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX security_events_charger_ts_idx ON security_events (charger_id, timestamp DESC);

CREATE TABLE ocpp_frames (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charger_id text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  at timestamptz NOT NULL,
  text text NOT NULL
);
CREATE INDEX ocpp_frames_charger_at_idx ON ocpp_frames (charger_id, at);
`;

// The seed's verification SQL (csharp-simulator-scenarios) names these; they are views so
// there is one source of truth. energy_consumed is kWh, cost is whole KRW, power_reading is W.
const SEED_VIEWS = `
CREATE VIEW charger_usage_log AS
SELECT t.id,
       t.charger_id,
       COALESCE(t.station_id, c.station_id) AS station_id,
       t.transaction_id,
       t.started_at AS start_time,
       t.ended_at AS end_time,
       round(t.energy_wh::numeric / 1000, 3) AS energy_consumed,
       t.cost_krw AS cost,
       t.id_token,
       t.stopped_reason,
       t.created_at
FROM transactions t
LEFT JOIN chargers c ON c.charger_id = t.charger_id;

CREATE VIEW power_consumption AS
SELECT m.id, m.timestamp, m.charger_id, m.evse_id, m.transaction_id, m.power_w AS power_reading
FROM meter_samples m
WHERE m.power_w IS NOT NULL;

-- One status per charger: the most telling of its connectors' last reported statuses.
CREATE VIEW charger_status AS
SELECT DISTINCT ON (n.charger_id) n.charger_id, n.status, n.updated_at
FROM connectors n
ORDER BY n.charger_id,
  array_position(ARRAY['Faulted', 'Occupied', 'Reserved', 'Available', 'Unavailable'], n.status),
  n.updated_at DESC;

CREATE VIEW charger_info AS
SELECT c.charger_id,
       c.station_id,
       s.name AS station_name,
       c.model,
       c.vendor,
       c.max_power_kw,
       c.serial_number,
       c.firmware_version,
       c.registration_status,
       k.status,
       c.lat,
       c.lng,
       c.first_seen,
       c.last_boot_at,
       c.last_seen_at AS last_heartbeat,
       (SELECT count(*) FROM boots b WHERE b.charger_id = c.charger_id) AS boot_count,
       COALESCE(t.sessions, 0) AS total_sessions,
       COALESCE(t.energy_kwh, 0) AS total_energy,
       COALESCE(t.cost_krw, 0) AS total_cost
FROM chargers c
LEFT JOIN stations s ON s.id = c.station_id
LEFT JOIN charger_status k ON k.charger_id = c.charger_id
LEFT JOIN LATERAL (
  SELECT count(*) AS sessions,
         round(sum(x.energy_wh)::numeric / 1000, 3) AS energy_kwh,
         sum(x.cost_krw) AS cost_krw
  FROM transactions x WHERE x.charger_id = c.charger_id
) t ON true;
`;

// A TransactionEvent updates its transaction's row (meter_stop_wh, last_seq_no, updated_at),
// none of them indexed; with room left on each page PostgreSQL keeps the new version on the
// same page (a HOT update) instead of adding it to all five indexes. Measured with the inserts
// bench (1,000 transactions updated in turn): HOT updates 17 % → 75 % of all, PGlite's grouped
// TransactionEvents/s 8,541–8,738 → 10,205–10,869; PostgreSQL within noise. Pages written from
// now on get the room; existing ones keep theirs until rewritten.
const TRANSACTIONS_FILLFACTOR = `ALTER TABLE transactions SET (fillfactor = 70);`;

// The start register came from the Started event only, so a Started without a meter reading
// (optional in E01) left a transaction without energy although pricing charged it. When the
// Started had none, it now comes from the first register after it (first_wh: the oldest
// reading of the lowest seqNo). meter_start_seq_no is the Started's seqNo when it carried the
// register; those stored before came from Started events. A cost is kept with the start
// register it was priced from, so a register delivered late cannot leave a cost for other
// energy.
const TRANSACTIONS_START_REGISTERS = `
ALTER TABLE transactions ADD COLUMN meter_start_seq_no integer;
ALTER TABLE transactions ADD COLUMN first_wh bigint;
ALTER TABLE transactions ADD COLUMN first_wh_seq_no integer;
ALTER TABLE transactions ADD COLUMN cost_start_wh bigint;
UPDATE transactions SET meter_start_seq_no = -2147483648 WHERE meter_start_wh IS NOT NULL;
UPDATE transactions SET cost_start_wh = meter_start_wh WHERE cost_krw IS NOT NULL;`;

/** Every migration, in order. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "core tables", sql: CORE_TABLES },
  { version: 2, name: "seed compatibility views", sql: SEED_VIEWS },
  { version: 10, name: "managed network: sites, chargers, tokens, tariffs", sql: NETWORK_SCHEMA },
  { version: 20, name: "device model reports and variables", sql: DEVICE_MODEL_SCHEMA },
  { version: 21, name: "reservations", sql: RESERVATIONS_SCHEMA },
  { version: 22, name: "firmware and log campaigns", sql: CAMPAIGNS_SCHEMA },
  { version: 23, name: "display messages", sql: DISPLAY_MESSAGES_SCHEMA },
  { version: 40, name: "operator accounts, sessions, API tokens, audit log", sql: ACCOUNTS_SCHEMA },
  { version: 70, name: "transactions: room for HOT updates", sql: TRANSACTIONS_FILLFACTOR },
  {
    version: 71,
    name: "transactions: where the start register came from, and the one a cost was priced from",
    sql: TRANSACTIONS_START_REGISTERS,
  },
];

// Serialises concurrent migrators (two servers starting against one database).
const MIGRATION_LOCK_KEY = 7_361_202_601;

/**
 * Applies the migrations that are not yet recorded, in one transaction, and returns their
 * versions. Safe to run at every start and from several processes at once.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (i > 0 && sorted[i - 1].version === m.version) {
      throw new RangeError(`Migration version ${m.version} appears twice`);
    }
  });
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM schema_migrations"))
        .map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of sorted.filter((m) => !done.has(m.version))) {
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
