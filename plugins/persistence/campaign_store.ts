/** Firmware and log campaigns in SQL (OCPP 2.0.1 L01, N01). */
import type {
  Campaign,
  CampaignKind,
  CampaignStore,
  CampaignTarget,
  FirmwareFile,
} from "../../actors/csms/campaigns.ts";
import { defined } from "./inventory.ts";
import type { Db } from "./sql.ts";

const CAMPAIGN = `id AS "campaignId", kind, location, firmware_id AS "firmwareId",
  log_type AS "logType", created_at AS "createdAt"`;

const TARGET = `campaign_id AS "campaignId", kind, charger_id AS "chargerId",
  request_id AS "requestId", status, is_final AS "isFinal", detail,
  upload_token AS "uploadToken", file_name AS "fileName", size_bytes AS "sizeBytes",
  updated_at AS "updatedAt"`;

const FILE = `id AS "firmwareId", name, size_bytes AS "sizeBytes", sha256,
  created_at AS "createdAt"`;

// One statement whatever the count: the targets travel as one JSON array.
const INSERT_TARGETS = `INSERT INTO campaign_targets (campaign_id, charger_id, kind, request_id,
    status, is_final, upload_token, updated_at)
  SELECT $1, t->>0, $2, (t->>1)::int, t->>2, false, t->>3, $3::timestamptz
  FROM jsonb_array_elements($4::text::jsonb) AS t`;

async function create(db: Db, c: Campaign, targets: CampaignTarget[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO campaigns (id, kind, location, firmware_id, log_type, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        c.campaignId,
        c.kind,
        c.location ?? null,
        c.firmwareId ?? null,
        c.logType ?? null,
        c.createdAt,
      ],
    );
    if (targets.length === 0) return;
    await tx.query(INSERT_TARGETS, [
      c.campaignId,
      c.kind,
      c.createdAt,
      JSON.stringify(
        targets.map((t) => [t.chargerId, t.requestId, t.status, t.uploadToken ?? null]),
      ),
    ]);
  });
}

async function one<T extends object>(db: Db, sql: string, params: unknown[]) {
  const [row] = await db.query<T>(sql, params);
  return row && defined(row);
}

/** The campaign store over `db`. */
export function sqlCampaignStore(db: Db): CampaignStore {
  return {
    create: (c, targets) => create(db, c, targets),
    async updateTarget(t, options = {}) {
      const rows = await db.query<{ ok: number }>(
        `UPDATE campaign_targets SET status = $3, is_final = $4, detail = $5, updated_at = $6
         WHERE campaign_id = $1 AND charger_id = $2 AND ($7::text IS NULL OR status = $7)
         RETURNING 1 AS ok`,
        [
          t.campaignId,
          t.chargerId,
          t.status,
          t.isFinal,
          t.detail ?? null,
          t.updatedAt,
          options.expectedStatus ?? null,
        ],
      );
      return rows.length > 0;
    },
    setTargetFile: (uploadToken, file) =>
      one<CampaignTarget>(
        db,
        `UPDATE campaign_targets SET file_name = $2, size_bytes = $3, updated_at = $4
         WHERE upload_token = $1 RETURNING ${TARGET}`,
        [uploadToken, file.fileName, file.sizeBytes, file.updatedAt],
      ),
    targetByRequest: (kind: CampaignKind, chargerId, requestId) =>
      one<CampaignTarget>(
        db,
        `SELECT ${TARGET} FROM campaign_targets
         WHERE charger_id = $1 AND kind = $2 AND request_id = $3
         ORDER BY updated_at DESC LIMIT 1`,
        [chargerId, kind, requestId],
      ),
    targetByToken: (uploadToken) =>
      one<CampaignTarget>(
        db,
        `SELECT ${TARGET} FROM campaign_targets WHERE upload_token = $1`,
        [uploadToken],
      ),
    async campaign(campaignId) {
      const c = await one<Campaign>(db, `SELECT ${CAMPAIGN} FROM campaigns WHERE id = $1`, [
        campaignId,
      ]);
      if (!c) return undefined;
      const targets = await db.query<CampaignTarget>(
        `SELECT ${TARGET} FROM campaign_targets WHERE campaign_id = $1 ORDER BY charger_id`,
        [campaignId],
      );
      return { ...c, targets: targets.map(defined) };
    },
    async list(kind, limit) {
      const rows = await db.query<Campaign>(
        `SELECT ${CAMPAIGN} FROM campaigns WHERE kind = $1 ORDER BY created_at DESC LIMIT $2`,
        [kind, limit],
      );
      return rows.map(defined);
    },
    async latestTargets(chargerId) {
      const rows = await db.query<CampaignTarget>(
        `SELECT DISTINCT ON (kind) ${TARGET} FROM campaign_targets WHERE charger_id = $1
         ORDER BY kind, updated_at DESC`,
        [chargerId],
      );
      return rows.map(defined);
    },
    async saveFirmwareFile(f: FirmwareFile) {
      await db.query(
        `INSERT INTO firmware_files (id, name, size_bytes, sha256, created_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [f.firmwareId, f.name, f.sizeBytes, f.sha256, f.createdAt],
      );
    },
    firmwareFile: (firmwareId) =>
      one<FirmwareFile>(db, `SELECT ${FILE} FROM firmware_files WHERE id = $1`, [firmwareId]),
    async firmwareFiles() {
      return await db.query<FirmwareFile>(
        `SELECT ${FILE} FROM firmware_files ORDER BY created_at DESC LIMIT 500`,
      );
    },
  };
}
