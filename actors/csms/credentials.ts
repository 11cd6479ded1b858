/**
 * What the CSMS knows of each station's security: whether it is known, the security profile
 * it must connect with, and its password hash. Config (`tamna.json`) gives the starting point,
 * the database (`chargers.security_profile`, `chargers.password_hash`) can only raise the
 * profile and holds passwords rotated with A01, and a rotation is also kept in memory so it
 * holds even when the database write failed or there is no database.
 */
import { getLogger } from "@logtape/logtape";

/** OCPP security profiles: 0 none (test only), 1 Basic, 2 TLS + Basic, 3 mutual TLS. */
export type SecurityProfile = 0 | 1 | 2 | 3;

/** One station's security settings as resolved for a connection attempt. */
export interface StationSecurity {
  isKnown: boolean;
  securityProfile: SecurityProfile;
  passwordHash?: string;
}

/** The database side (plugins/persistence/security_queries.ts implements it). */
export interface SecurityRecords {
  get(
    chargerId: string,
  ): Promise<{ securityProfile: number; passwordHash: string | null } | undefined>;
  setPasswordHash(chargerId: string, passwordHash: string): Promise<void>;
}

/** Security settings from config. */
export interface SecurityConfig {
  /** The profile of every station without its own; default 0. */
  securityProfile: SecurityProfile;
  stations: Record<string, { securityProfile?: SecurityProfile; passwordHash?: string }>;
}

/** Resolves and updates station credentials. */
export interface CredentialStore {
  lookup(chargerId: string): Promise<StationSecurity>;
  /** Stores a new hash (after the station accepted the password, A01). */
  setPasswordHash(chargerId: string, passwordHash: string): Promise<void>;
}

const log = getLogger(["tamna", "security"]);

function asProfile(value: number): SecurityProfile {
  return Math.min(3, Math.max(0, Math.trunc(value))) as SecurityProfile;
}

/** Builds the store over config and, when given, the database. */
export function createCredentialStore(
  config: SecurityConfig,
  records?: SecurityRecords,
): CredentialStore {
  const rotated = new Map<string, string>();
  return {
    async lookup(chargerId) {
      const configured = Object.hasOwn(config.stations, chargerId)
        ? config.stations[chargerId]
        : undefined;
      const row = await records?.get(chargerId);
      const profile = Math.max(
        configured?.securityProfile ?? config.securityProfile,
        row?.securityProfile ?? 0,
      );
      return {
        isKnown: configured !== undefined || row !== undefined,
        securityProfile: asProfile(profile),
        passwordHash: rotated.get(chargerId) ?? row?.passwordHash ?? configured?.passwordHash,
      };
    },
    async setPasswordHash(chargerId, passwordHash) {
      rotated.set(chargerId, passwordHash);
      try {
        await records?.setPasswordHash(chargerId, passwordHash);
        // Stored: the database answers from now on, so a later rotation by another node of a
        // cluster is not hidden by this node's memory.
        if (records) rotated.delete(chargerId);
      } catch (error) {
        // The station already uses the new password: keep it in memory rather than lock it out.
        log
          .error`Cannot store the new password hash of ${chargerId}; it holds until restart: ${error}`;
      }
    },
  };
}
