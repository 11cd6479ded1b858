/**
 * Firmware and log campaigns (OCPP 2.0.1 L01, N01): UpdateFirmware or GetLog sent to one
 * charger or a set, and each charger's progress recorded from its answer and then from its
 * FirmwareStatusNotification / LogStatusNotification (by requestId), until a final status
 * (Installed or a failure; Uploaded or a failure). Log files come back over HTTP to a URL whose
 * last segment is a random token naming one charger's part of one campaign.
 */
import type { Clock } from "../runtime/clock.ts";
import type { SubscriberQueue } from "../runtime/bus.ts";
import type { LogEnumType, RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import { ChargerOfflineError } from "./csms.ts";
import type { AnyEvent, Bus } from "./events.ts";
import { newRemoteStartId } from "./commands.ts";
import { isoNow } from "../runtime/clock.ts";

/** What a campaign does. */
export type CampaignKind = "firmware" | "log";

/** A campaign as stored. */
export interface Campaign {
  campaignId: string;
  kind: CampaignKind;
  /** Firmware: where the chargers download it from. */
  location?: string;
  /** Firmware served by Tamna itself: its id. */
  firmwareId?: string;
  /** Logs: DiagnosticsLog or SecurityLog. */
  logType?: string;
  createdAt: string;
}

/** One charger's part of a campaign. */
export interface CampaignTarget {
  campaignId: string;
  kind: CampaignKind;
  chargerId: string;
  requestId: number;
  /** The answer (Accepted, Rejected, …), then the latest status notification; or Offline, Error. */
  status: string;
  isFinal: boolean;
  detail?: string;
  /** Logs: the token in the upload URL, and the file Tamna stored. */
  uploadToken?: string;
  fileName?: string;
  sizeBytes?: number;
  updatedAt: string;
}

/** A firmware image Tamna serves. */
export interface FirmwareFile {
  firmwareId: string;
  name: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

/** Where the files of campaigns live (plugins/persistence/transfer_files.ts, the data dir). */
export interface TransferFiles {
  /** Stores a firmware image under a name it chooses. */
  saveFirmware(
    bytes: Uint8Array,
  ): Promise<{ firmwareId: string; sizeBytes: number; sha256: string }>;
  firmwarePath(firmwareId: string): string;
  /** Stores an uploaded log under a name it chooses from the charger and request. */
  saveLog(
    bytes: Uint8Array,
    owner: { chargerId: string; requestId: number; atMs: number },
  ): Promise<{ fileName: string; sizeBytes: number }>;
  logPath(fileName: string): string;
  /** Whether `name` could be a name it chose (checked before any path is built from it). */
  isFileName(name: string): boolean;
}

/** Where campaigns live (plugins/persistence/campaign_store.ts). */
export interface CampaignStore {
  create(campaign: Campaign, targets: CampaignTarget[]): Promise<void>;
  /**
   * Stores a part's status, final flag and detail (never its file); with `expectedStatus`, only
   * while its stored status is still that one. Whether it was stored.
   */
  updateTarget(target: CampaignTarget, options?: { expectedStatus?: string }): Promise<boolean>;
  /** Records the log file of the part `uploadToken` names; the part, or undefined. */
  setTargetFile(
    uploadToken: string,
    file: { fileName: string; sizeBytes: number; updatedAt: string },
  ): Promise<CampaignTarget | undefined>;
  targetByRequest(
    kind: CampaignKind,
    chargerId: string,
    requestId: number,
  ): Promise<CampaignTarget | undefined>;
  targetByToken(uploadToken: string): Promise<CampaignTarget | undefined>;
  campaign(campaignId: string): Promise<(Campaign & { targets: CampaignTarget[] }) | undefined>;
  list(kind: CampaignKind, limit: number): Promise<Campaign[]>;
  /** The charger's latest part of each kind of campaign. */
  latestTargets(chargerId: string): Promise<CampaignTarget[]>;
  saveFirmwareFile(file: FirmwareFile): Promise<void>;
  firmwareFile(firmwareId: string): Promise<FirmwareFile | undefined>;
  firmwareFiles(): Promise<FirmwareFile[]>;
}

/** The statuses after which nothing more happens (L01, N01). */
const FINAL = new Set([
  "Installed",
  "DownloadFailed",
  "InstallationFailed",
  "InstallVerificationFailed",
  "InvalidSignature",
  "Uploaded",
  "UploadFailure",
  "BadMessage",
  "NotSupportedOperation",
  "PermissionDenied",
  // Answers that end a charger's part at once.
  "Rejected",
  "InvalidCertificate",
  "RevokedCertificate",
  "Offline",
  "Error",
]);

/** Whether `status` ends a charger's part of a campaign. */
export function isFinalStatus(status: string): boolean {
  return FINAL.has(status);
}

/** How the service sends a call. */
export type CampaignSend = <A extends "UpdateFirmware" | "GetLog">(
  chargerId: string,
  action: A,
  payload: RequestOf<A>,
) => Promise<ResponseOf<A>>;

/** Dependencies of {@link createCampaigns}. */
export interface CampaignDeps {
  store: CampaignStore;
  send: CampaignSend;
  bus: Pick<Bus, "on" | "createQueue">;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
  /** Tamna's HTTP base URL as chargers reach it (`--public-url`, else the bound address). */
  publicUrl(): string;
  onError?(chargerId: string, error: unknown): void;
}

/** What a firmware campaign sends. */
export interface FirmwareOptions {
  /** Tamna's own file, served at /transfers/firmware/…; or `location`. */
  firmwareId?: string;
  location?: string;
  retrieveAt?: string;
  installAt?: string;
  retries?: number;
  retryIntervalS?: number;
}

/** What a log campaign asks for. */
export interface LogOptions {
  logType?: LogEnumType;
  oldestAt?: string;
  latestAt?: string;
  retries?: number;
  retryIntervalS?: number;
}

/** The campaign service. */
export interface Campaigns {
  updateFirmware(
    chargerIds: string[],
    options: FirmwareOptions,
  ): Promise<Campaign & { targets: CampaignTarget[] }>;
  getLogs(
    chargerIds: string[],
    options: LogOptions,
  ): Promise<Campaign & { targets: CampaignTarget[] }>;
  /** Records a log file stored for the upload token's part; undefined for an unknown token. */
  logUploaded(
    uploadToken: string,
    file: { fileName: string; sizeBytes: number },
  ): Promise<CampaignTarget | undefined>;
  /** The part an upload token names (undefined when unknown). */
  uploadTarget(uploadToken: string): Promise<CampaignTarget | undefined>;
  campaign(campaignId: string): Promise<(Campaign & { targets: CampaignTarget[] }) | undefined>;
  list(kind: CampaignKind, limit?: number): Promise<Campaign[]>;
  latestTargets(chargerId: string): Promise<CampaignTarget[]>;
  store: Pick<CampaignStore, "saveFirmwareFile" | "firmwareFile" | "firmwareFiles">;
  /** Resolves once the notifications received so far are recorded (tests). */
  idle(): Promise<void>;
}

/** A random URL-safe token of 128 bits (ids and upload tokens). */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** The firmware's URL: Tamna's own file (with its name, for the charger's logs) or as given. */
export function firmwareUrl(base: string, file: FirmwareFile): string {
  return `${base}/transfers/firmware/${file.firmwareId}/${encodeURIComponent(file.name)}`;
}

/** Sends one charger its call and records the answer (or why it did not get one). */
async function sendOne(
  deps: CampaignDeps,
  target: CampaignTarget,
  call: () => Promise<{ status: string; statusInfo?: { reasonCode: string } }>,
): Promise<CampaignTarget> {
  let status: string;
  let detail: string | undefined;
  try {
    const answer = await call();
    status = answer.status;
    detail = answer.statusInfo?.reasonCode;
  } catch (error) {
    status = error instanceof ChargerOfflineError ? "Offline" : "Error";
    detail = error instanceof Error ? error.message.slice(0, 500) : String(error);
    if (status === "Error") deps.onError?.(target.chargerId, error);
  }
  // A status notification may already have moved it on (it can overtake the answer here).
  const next = await progress(deps, target, { status, detail }, target.status);
  return next ??
    (await deps.store.targetByRequest(target.kind, target.chargerId, target.requestId))!;
}

/** Stores a part's new status and tells the bus. */
async function progress(
  deps: CampaignDeps,
  target: CampaignTarget,
  change: { status: string; detail?: string },
  expectedStatus?: string,
): Promise<CampaignTarget | undefined> {
  const next: CampaignTarget = {
    ...target,
    status: change.status,
    ...(change.detail !== undefined && { detail: change.detail }),
    isFinal: target.isFinal || isFinalStatus(change.status),
    updatedAt: isoNow(deps.clock),
  };
  if (!await deps.store.updateTarget(next, { expectedStatus })) return undefined;
  told(deps, next);
  return next;
}

/** Tells the bus where a part is now. */
function told(deps: CampaignDeps, next: CampaignTarget): void {
  deps.emit({
    type: "campaign.progress",
    payload: {
      campaignId: next.campaignId,
      kind: next.kind,
      chargerId: next.chargerId,
      requestId: next.requestId,
      status: next.status,
      isFinal: next.isFinal,
      ...(next.fileName !== undefined && { fileName: next.fileName }),
      ...(next.sizeBytes !== undefined && { sizeBytes: next.sizeBytes }),
      at: next.updatedAt,
    },
  });
}

/** Starts a campaign: one record per charger, the calls in parallel, each answer recorded. */
async function launch(
  deps: CampaignDeps,
  campaign: Campaign,
  chargerIds: string[],
  call: (
    target: CampaignTarget,
  ) => Promise<{ status: string; statusInfo?: { reasonCode: string } }>,
): Promise<Campaign & { targets: CampaignTarget[] }> {
  const targets: CampaignTarget[] = [...new Set(chargerIds)].map((chargerId) => ({
    campaignId: campaign.campaignId,
    kind: campaign.kind,
    chargerId,
    requestId: newRemoteStartId(),
    status: "Sending",
    isFinal: false,
    ...(campaign.kind === "log" && { uploadToken: randomToken() }),
    updatedAt: campaign.createdAt,
  }));
  await deps.store.create(campaign, targets);
  const sent = await Promise.all(targets.map((t) => sendOne(deps, t, () => call(t))));
  return { ...campaign, targets: sent };
}

/** Builds the service and subscribes it to the chargers' status notifications. */
export function createCampaigns(deps: CampaignDeps): Campaigns {
  const { store, clock } = deps;
  const queue: SubscriberQueue = deps.bus.createQueue("campaigns", {
    onError: (error) => deps.onError?.("-", error),
  });
  const iso = (ms = clock.now()) => new Date(ms).toISOString();
  for (const [type, kind] of [["firmware.status", "firmware"], ["log.status", "log"]] as const) {
    deps.bus.on(type, async (e) => {
      if (e.requestId === undefined) return; // Idle, answering a TriggerMessage
      const target = await store.targetByRequest(kind, e.chargerId, e.requestId);
      if (target && !target.isFinal) await progress(deps, target, { status: e.status });
    }, { queue, scope: "node" });
  }
  const retry = (o: { retries?: number; retryIntervalS?: number }) => ({
    ...(o.retries !== undefined && { retries: o.retries }),
    ...(o.retryIntervalS !== undefined && { retryInterval: o.retryIntervalS }),
  });
  return {
    async updateFirmware(chargerIds, options) {
      const file = options.firmwareId === undefined
        ? undefined
        : await store.firmwareFile(options.firmwareId);
      if (options.firmwareId !== undefined && file === undefined) {
        throw new RangeError(`No firmware file ${options.firmwareId}`);
      }
      const location = file ? firmwareUrl(deps.publicUrl(), file) : options.location;
      if (location === undefined) throw new RangeError("A firmware campaign needs a location");
      const campaign: Campaign = {
        campaignId: randomToken(),
        kind: "firmware",
        location,
        ...(file && { firmwareId: file.firmwareId }),
        createdAt: iso(),
      };
      return await launch(
        deps,
        campaign,
        chargerIds,
        (t) =>
          deps.send(t.chargerId, "UpdateFirmware", {
            requestId: t.requestId,
            firmware: {
              location,
              retrieveDateTime: options.retrieveAt ?? campaign.createdAt,
              ...(options.installAt !== undefined && { installDateTime: options.installAt }),
            },
            ...retry(options),
          }),
      );
    },
    async getLogs(chargerIds, options) {
      const logType = options.logType ?? "DiagnosticsLog";
      const campaign: Campaign = {
        campaignId: randomToken(),
        kind: "log",
        logType,
        createdAt: iso(),
      };
      return await launch(deps, campaign, chargerIds, (t) =>
        deps.send(t.chargerId, "GetLog", {
          requestId: t.requestId,
          logType,
          log: {
            remoteLocation: `${deps.publicUrl()}/transfers/logs/${t.uploadToken}`,
            ...(options.oldestAt !== undefined && { oldestTimestamp: options.oldestAt }),
            ...(options.latestAt !== undefined && { latestTimestamp: options.latestAt }),
          },
          ...retry(options),
        }));
    },
    async logUploaded(uploadToken, file) {
      const target = await store.setTargetFile(uploadToken, { ...file, updatedAt: iso() });
      if (target) told(deps, target);
      return target;
    },
    uploadTarget: (uploadToken) => store.targetByToken(uploadToken),
    campaign: (campaignId) => store.campaign(campaignId),
    list: (kind, limit = 100) => store.list(kind, limit),
    latestTargets: (chargerId) => store.latestTargets(chargerId),
    store,
    idle: () => queue.idle(),
  };
}
