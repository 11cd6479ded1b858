/**
 * The JSON of the managed network's REST API (snake_case, as the rest of the API): request
 * bodies that refuse unknown fields, the records it answers with, and the conversions between
 * them and the domain's camelCase types.
 */
import { z } from "@hono/zod-openapi";
import { ConnectorEnumType } from "../actors/ocpp/schemas.ts";
import { isTimeZone, type Site } from "../actors/csms/inventory.ts";
import type { ChargerRecord, SiteRecord } from "../actors/csms/network.ts";

const lat = z.number().min(-90).max(90).openapi({ example: 33.5046 });
const lng = z.number().min(-180).max(180).openapi({ example: 126.5292 });
const id64 = z.string().min(1).max(64).regex(
  /^[A-Za-z0-9_.:-]+$/,
  "letters, digits and _ . : - only",
);

/** A request body field that may be null (to clear it) in a PATCH. */
const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const siteFields = {
  name: z.string().min(1).max(200).openapi({ example: "Emart Jeju" }),
  name_ko: z.string().max(200).openapi({ example: "이마트 제주점" }),
  address: z.string().max(500).openapi({ example: "제주시 중앙로 148" }),
  lat,
  lng,
  grid_capacity_kw: z.number().positive().max(1_000_000).openapi({
    description: "The grid connection's capacity; smart charging keeps the site under it",
    example: 800,
  }),
  timezone: z.string().refine(isTimeZone, "must be an IANA time zone such as Asia/Seoul")
    .openapi({ example: "Asia/Seoul" }),
};

export const SiteCreateBody = z.strictObject({
  station_id: id64.openapi({ example: "emart_aewol_main" }),
  name: siteFields.name,
  name_ko: siteFields.name_ko.optional(),
  address: siteFields.address.default(""),
  lat: lat.optional(),
  lng: lng.optional(),
  grid_capacity_kw: siteFields.grid_capacity_kw.optional(),
  timezone: siteFields.timezone.optional(),
}).openapi("SiteCreate");

export const SitePatchBody = z.strictObject({
  name: siteFields.name.optional(),
  name_ko: clearable(siteFields.name_ko),
  address: siteFields.address.optional(),
  lat: clearable(lat),
  lng: clearable(lng),
  grid_capacity_kw: clearable(siteFields.grid_capacity_kw),
  timezone: siteFields.timezone.optional(),
}).openapi("SitePatch");

const Connector = z.strictObject({
  connector_id: z.number().int().min(1).max(100),
  type: ConnectorEnumType,
  max_power_kw: z.number().positive().max(2_000).optional(),
});

const Evse = z.strictObject({
  evse_id: z.number().int().min(1).max(100),
  connectors: z.array(Connector).min(1).max(10),
}).openapi("Evse", {
  example: { evse_id: 1, connectors: [{ connector_id: 1, type: "cCCS2", max_power_kw: 100 }] },
});

const chargerFields = {
  max_power_kw: z.number().positive().max(2_000).openapi({ example: 100 }),
  model: z.string().max(20),
  vendor: z.string().max(50),
  serial_number: z.string().max(25),
  evses: z.array(Evse).max(20),
  security_profile: z.number().int().min(0).max(3).openapi({
    description: "OCPP security profile the charger must connect with (0–3)",
  }),
};

export const ChargerCreateBody = z.strictObject({
  charger_id: z.string().min(1).max(48).regex(/^[\x21-\x7e]+$/, "printable ASCII, no spaces")
    .openapi({ example: "emart_jeju_13" }),
  station_id: id64.openapi({ description: "The site it stands on", example: "emart_jeju_main" }),
  lat: lat.optional(),
  lng: lng.optional(),
  max_power_kw: chargerFields.max_power_kw.optional(),
  model: chargerFields.model.optional(),
  vendor: chargerFields.vendor.optional(),
  serial_number: chargerFields.serial_number.optional(),
  evses: chargerFields.evses.optional(),
  security_profile: chargerFields.security_profile.optional(),
}).openapi("ChargerCreate");

export const ChargerPatchBody = z.strictObject({
  station_id: clearable(id64).openapi({ description: "null: take it off its site" }),
  lat: clearable(lat),
  lng: clearable(lng),
  max_power_kw: clearable(chargerFields.max_power_kw),
  model: clearable(chargerFields.model),
  vendor: clearable(chargerFields.vendor),
  serial_number: clearable(chargerFields.serial_number),
  evses: clearable(chargerFields.evses),
  security_profile: chargerFields.security_profile.optional(),
}).openapi("ChargerPatch");

const time = z.string().nullable();

export const SiteJson = z.object({
  station_id: z.string(),
  name: z.string(),
  name_ko: z.string().nullable(),
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  grid_capacity_kw: z.number().nullable(),
  timezone: z.string(),
  decommissioned_at: time,
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("SiteRecord");

export const ChargerJson = z.object({
  charger_id: z.string(),
  station_id: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  max_power_kw: z.number().nullable(),
  model: z.string().nullable(),
  vendor: z.string().nullable(),
  serial_number: z.string().nullable(),
  evses: z.array(Evse),
  security_profile: z.number().int(),
  has_password: z.boolean(),
  registration_status: z.string().nullable(),
  first_seen: time,
  last_seen: time,
  decommissioned_at: time,
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("ChargerRecord");

/** What `/stations` and the stored records both say of a site. */
export function siteFieldsJson(s: Site) {
  return {
    station_id: s.siteId,
    name: s.name,
    name_ko: s.nameKo ?? null,
    address: s.address,
    lat: s.lat ?? null,
    lng: s.lng ?? null,
    grid_capacity_kw: s.gridCapacityKw ?? null,
    timezone: s.timezone ?? "Asia/Seoul",
  };
}

/** A site record as JSON. */
export function siteJson(s: SiteRecord): z.infer<typeof SiteJson> {
  return {
    ...siteFieldsJson(s),
    decommissioned_at: s.decommissionedAt ?? null,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/** A charger record as JSON. */
export function chargerRecordJson(c: ChargerRecord): z.infer<typeof ChargerJson> {
  return {
    charger_id: c.chargerId,
    station_id: c.siteId ?? null,
    lat: c.lat ?? null,
    lng: c.lng ?? null,
    max_power_kw: c.maxPowerKw ?? null,
    model: c.model ?? null,
    vendor: c.vendor ?? null,
    serial_number: c.serialNumber ?? null,
    evses: (c.evses ?? []).map((e) => ({
      evse_id: e.evseId,
      connectors: e.connectors.map((k) => ({
        connector_id: k.connectorId,
        type: k.type,
        ...(k.maxPowerKw !== undefined && { max_power_kw: k.maxPowerKw }),
      })),
    })),
    security_profile: c.securityProfile,
    has_password: c.hasPassword,
    registration_status: c.registrationStatus ?? null,
    first_seen: c.firstSeen ?? null,
    last_seen: c.lastSeenAt ?? null,
    decommissioned_at: c.decommissionedAt ?? null,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** Body EVSEs as the domain's. */
export function evsesOf(evses: z.infer<typeof Evse>[]) {
  return evses.map((e) => ({
    evseId: e.evse_id,
    connectors: e.connectors.map((k) => ({
      connectorId: k.connector_id,
      type: k.type,
      ...(k.max_power_kw !== undefined && { maxPowerKw: k.max_power_kw }),
    })),
  }));
}

/**
 * Renames a body's snake_case keys to the domain's camelCase (`station_id` is a site:
 * `siteId`), keeping null (clear) and dropping absent keys.
 */
export function camelKeys(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    out[key === "station_id" ? "siteId" : camelCase(key)] = value;
  }
  return out;
}

/** `grid_capacity_kw` → `gridCapacityKw`. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

/** The REST name of a domain field: `siteId` → `station_id`, `gridCapacityKw` → `grid_capacity_kw`. */
export function restField(field: string): string {
  if (field === "siteId") return "station_id";
  return field.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}
