/**
 * The batched writes for high-volume data, one function per kind. Each writes many rows with
 * one `unnest` statement, so its text (and prepared statement) is the same for any count.
 */
import type { TamnaEvents } from "../../actors/csms/events.ts";
import { type Db, pgArray } from "./sql.ts";

export type BootRow = TamnaEvents["station.booted"];
export type HeartbeatRow = TamnaEvents["station.heartbeat"];
export type StatusRow = TamnaEvents["status.changed"];
export type MeterRow = TamnaEvents["meter.sampled"];
export type SecurityRow = TamnaEvents["security.event"];
export type FrameRow = TamnaEvents["frame.in"] & { direction: "in" | "out" };

/** Keeps the last row per key (rows are in arrival order), for statements that may touch a row only once. */
function lastPerKey<R>(
  rows: readonly R[],
  key: (row: R) => string,
  isNewer: (a: R, b: R) => boolean,
): R[] {
  const byKey = new Map<string, R>();
  for (const row of rows) {
    const k = key(row);
    const seen = byKey.get(k);
    if (!seen || !isNewer(seen, row)) byKey.set(k, row);
  }
  return [...byKey.values()];
}

const UPSERT_CHARGER_ON_BOOT = `
INSERT INTO chargers AS c (charger_id, model, vendor, serial_number, firmware_version,
  registration_status, first_seen, last_boot_at, last_seen_at)
SELECT u.id, u.model, u.vendor, u.serial, u.firmware, u.status, u.at, u.at, u.at
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
  $7::timestamptz[]) AS u(id, model, vendor, serial, firmware, status, at)
ON CONFLICT (charger_id) DO UPDATE SET model = EXCLUDED.model, vendor = EXCLUDED.vendor,
  serial_number = COALESCE(EXCLUDED.serial_number, c.serial_number),
  firmware_version = COALESCE(EXCLUDED.firmware_version, c.firmware_version),
  registration_status = EXCLUDED.registration_status,
  first_seen = COALESCE(c.first_seen, EXCLUDED.first_seen),
  last_boot_at = EXCLUDED.last_boot_at,
  last_seen_at = GREATEST(c.last_seen_at, EXCLUDED.last_seen_at)
WHERE c.last_boot_at IS NULL OR c.last_boot_at <= EXCLUDED.last_boot_at`;

/** Updates (or creates) the chargers that booted: what they reported and their registration. */
export async function upsertChargersOnBoot(db: Db, rows: readonly BootRow[]): Promise<void> {
  const latest = lastPerKey(rows, (r) => r.chargerId, (a, b) => a.at > b.at);
  await db.query(UPSERT_CHARGER_ON_BOOT, [
    pgArray(latest.map((r) => r.chargerId)),
    pgArray(latest.map((r) => r.model)),
    pgArray(latest.map((r) => r.vendorName)),
    pgArray(latest.map((r) => r.serialNumber)),
    pgArray(latest.map((r) => r.firmwareVersion)),
    pgArray(latest.map((r) => r.status)),
    pgArray(latest.map((r) => r.at)),
  ]);
}

/** Boot records, plus the chargers' registration (BootNotification, B01–B03). */
export async function writeBoots(db: Db, rows: readonly BootRow[]): Promise<void> {
  await db.query(
    `INSERT INTO boots (charger_id, at, reason, model, vendor, serial_number, firmware_version,
       status)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],
       $6::text[], $7::text[], $8::text[])`,
    [
      pgArray(rows.map((r) => r.chargerId)),
      pgArray(rows.map((r) => r.at)),
      pgArray(rows.map((r) => r.reason)),
      pgArray(rows.map((r) => r.model)),
      pgArray(rows.map((r) => r.vendorName)),
      pgArray(rows.map((r) => r.serialNumber)),
      pgArray(rows.map((r) => r.firmwareVersion)),
      pgArray(rows.map((r) => r.status)),
    ],
  );
  await upsertChargersOnBoot(db, rows);
}

/** Heartbeats only move `last_seen_at` forward: no row per heartbeat. */
export async function writeHeartbeats(db: Db, rows: readonly HeartbeatRow[]): Promise<void> {
  const latest = lastPerKey(rows, (r) => r.chargerId, (a, b) => a.at > b.at);
  await db.query(
    `UPDATE chargers AS c SET last_seen_at = GREATEST(c.last_seen_at, v.at)
     FROM unnest($1::text[], $2::timestamptz[]) AS v(charger_id, at)
     WHERE c.charger_id = v.charger_id`,
    [pgArray(latest.map((r) => r.chargerId)), pgArray(latest.map((r) => r.at))],
  );
}

/** StatusNotification history, and each connector's latest status (G01). */
export async function writeStatuses(db: Db, rows: readonly StatusRow[]): Promise<void> {
  const columns = (rs: readonly StatusRow[]) => [
    pgArray(rs.map((r) => r.chargerId)),
    pgArray(rs.map((r) => r.evseId)),
    pgArray(rs.map((r) => r.connectorId)),
    pgArray(rs.map((r) => r.status)),
    pgArray(rs.map((r) => r.timestamp)),
    pgArray(rs.map((r) => r.at)),
  ];
  const UNNEST = `unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::timestamptz[],
    $6::timestamptz[]) AS u(charger_id, evse_id, connector_id, status, ts, at)`;
  await db.query(
    `INSERT INTO status_history (charger_id, evse_id, connector_id, status, timestamp, received_at)
     SELECT * FROM ${UNNEST}`,
    columns(rows),
  );
  const key = (r: StatusRow) => `${r.chargerId}\u0000${r.evseId}\u0000${r.connectorId}`;
  await db.query(
    `INSERT INTO connectors AS k (charger_id, evse_id, connector_id, status, updated_at)
     SELECT u.charger_id, u.evse_id, u.connector_id, u.status, u.ts FROM ${UNNEST}
     ON CONFLICT (charger_id, evse_id, connector_id) DO UPDATE
       SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
     WHERE k.updated_at <= EXCLUDED.updated_at`,
    columns(lastPerKey(rows, key, (a, b) => a.timestamp > b.timestamp)),
  );
}

/** Meter samples (MeterValues and TransactionEvent meter data), energy as integer Wh. */
export async function writeMeterSamples(db: Db, rows: readonly MeterRow[]): Promise<void> {
  const energy = (r: MeterRow) =>
    r.reading.energyWh === undefined ? null : Math.round(r.reading.energyWh);
  await db.query(
    `INSERT INTO meter_samples (charger_id, evse_id, transaction_id, timestamp, energy_wh,
       power_w, voltage_v, current_a, soc_percent, received_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::bigint[],
       $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::timestamptz[])`,
    [
      pgArray(rows.map((r) => r.chargerId)),
      pgArray(rows.map((r) => r.evseId)),
      pgArray(rows.map((r) => r.transactionId)),
      pgArray(rows.map((r) => r.reading.at)),
      pgArray(rows.map(energy)),
      pgArray(rows.map((r) => r.reading.powerW)),
      pgArray(rows.map((r) => r.reading.voltageV)),
      pgArray(rows.map((r) => r.reading.currentA)),
      pgArray(rows.map((r) => r.reading.socPercent)),
      pgArray(rows.map((r) => r.at)),
    ],
  );
}

/** SecurityEventNotification (A04). */
export async function writeSecurityEvents(db: Db, rows: readonly SecurityRow[]): Promise<void> {
  await db.query(
    `INSERT INTO security_events (charger_id, type, tech_info, timestamp, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[],
       $5::timestamptz[])`,
    [
      pgArray(rows.map((r) => r.chargerId)),
      pgArray(rows.map((r) => r.type)),
      pgArray(rows.map((r) => r.techInfo)),
      pgArray(rows.map((r) => r.timestamp)),
      pgArray(rows.map((r) => r.at)),
    ],
  );
}

/** Raw OCPP-J frames, in and out, for protocol capture. */
export async function writeFrames(db: Db, rows: readonly FrameRow[]): Promise<void> {
  await db.query(
    `INSERT INTO ocpp_frames (charger_id, direction, at, text)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[])`,
    [
      pgArray(rows.map((r) => r.chargerId)),
      pgArray(rows.map((r) => r.direction)),
      pgArray(rows.map((r) => r.at)),
      pgArray(rows.map((r) => r.text)),
    ],
  );
}

/**
 * The batched writers by kind, in the order a batch writes them: boots first, since they
 * create the charger rows the heartbeats then update.
 */
export const BATCH_WRITERS = {
  boots: writeBoots,
  statuses: writeStatuses,
  heartbeats: writeHeartbeats,
  meterSamples: writeMeterSamples,
  securityEvents: writeSecurityEvents,
  frames: writeFrames,
};

/** A kind of batched row. */
export type BatchKind = keyof typeof BATCH_WRITERS;
/** The row type of a kind. */
export type BatchRowOf<K extends BatchKind> = Parameters<(typeof BATCH_WRITERS)[K]>[1][number];
