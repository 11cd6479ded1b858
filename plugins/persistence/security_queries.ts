/** The security columns of `chargers` (profile and password hash) for the OCPP admission check and A01 rotation. */
import type { SecurityRecords } from "../../actors/csms/credentials.ts";
import type { Db } from "./sql.ts";

/** Reads and writes `chargers.security_profile` and `chargers.password_hash`. */
export function securityRecords(db: Db): SecurityRecords {
  return {
    async get(chargerId) {
      const rows = await db.query<{ security_profile: number; password_hash: string | null }>(
        "SELECT security_profile, password_hash FROM chargers WHERE charger_id = $1",
        [chargerId],
      );
      if (rows.length === 0) return undefined;
      return { securityProfile: rows[0].security_profile, passwordHash: rows[0].password_hash };
    },
    async setPasswordHash(chargerId, passwordHash) {
      await db.query(
        `INSERT INTO chargers (charger_id, password_hash) VALUES ($1, $2)
         ON CONFLICT (charger_id) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
        [chargerId, passwordHash],
      );
    },
  };
}
