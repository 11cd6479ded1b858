/**
 * Firmware updates and log uploads of a simulated station (OCPP 2.0.1 L01, N01), pure: the
 * answer, then each step as a status notification (Downloading → Downloaded → Installing →
 * Installed, or the failure; Uploading → Uploaded or UploadFailure). The shell downloads and
 * uploads over HTTP and reports back with `transferDone`; whether an install fails is decided
 * there too (`firmwareFailureRate`), so the transition reads no randomness.
 */
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import type { ChargerMsg, ChargerState, Effect, InboundCall } from "./station_state.ts";
import { simMsOfIso, wallIso } from "./time_base.ts";

/** How long installing takes, in station time. */
export const INSTALL_MS = 10_000;

type TransferDone = Extract<ChargerMsg, { type: "transferDone" }>;

function firmwareStatus(fx: Effect[], status: string, requestId?: number): void {
  fx.push({
    kind: "call",
    action: "FirmwareStatusNotification",
    payload: requestId === undefined ? { status } : { status, requestId },
  });
}

function logStatus(fx: Effect[], status: string, requestId?: number): void {
  fx.push({
    kind: "call",
    action: "LogStatusNotification",
    payload: requestId === undefined ? { status } : { status, requestId },
  });
}

function startDownload(s: ChargerState, fx: Effect[]): ChargerState {
  const job = s.firmware!;
  firmwareStatus(fx, "Downloading", job.requestId);
  fx.push({ kind: "download", requestId: job.requestId, url: job.location });
  return { ...s, firmware: { ...job, phase: "downloading" } };
}

/** L01: UpdateFirmware; a new request cancels one under way (AcceptedCanceled). */
export function updateFirmware(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"UpdateFirmware">;
  const retrieveAtMs = simMsOfIso(s.config.timeBase, r.firmware.retrieveDateTime);
  fx.push({
    kind: "reply",
    id: call.id,
    payload: { status: s.firmware === null ? "Accepted" : "AcceptedCanceled" },
  });
  fx.push({ kind: "cancelTimer", name: "firmware" });
  const next: ChargerState = {
    ...s,
    firmware: { requestId: r.requestId, location: r.firmware.location, phase: "scheduled" },
  };
  if (retrieveAtMs > call.nowMs + 1000) {
    firmwareStatus(fx, "DownloadScheduled", r.requestId);
    fx.push({ kind: "setTimer", name: "firmware", delayMs: retrieveAtMs - call.nowMs });
    return next;
  }
  return startDownload(next, fx);
}

/** The firmware timer: a scheduled download starts, or an install ends. */
export function onFirmwareTimer(s: ChargerState, fx: Effect[]): ChargerState {
  const job = s.firmware;
  if (job === null) return s;
  if (job.phase === "scheduled") return startDownload(s, fx);
  if (job.phase !== "installing") return s;
  firmwareStatus(fx, job.isFailing ? "InstallationFailed" : "Installed", job.requestId);
  return { ...s, firmware: null };
}

/** N01: GetLog; the log goes to `remoteLocation` (a new request cancels one under way). */
export function getLog(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"GetLog">;
  const fileName = `${s.config.chargerId}_${r.requestId}.log`.slice(0, 255);
  fx.push({
    kind: "reply",
    id: call.id,
    payload: { status: s.logUpload === null ? "Accepted" : "AcceptedCanceled", filename: fileName },
  });
  logStatus(fx, "Uploading", r.requestId);
  fx.push({
    kind: "upload",
    requestId: r.requestId,
    url: r.log.remoteLocation,
    fileName,
    text: logText(s, call.nowMs, r.logType),
  });
  return { ...s, logUpload: { requestId: r.requestId } };
}

/** What the station writes into its log: who it is and what it did. */
function logText(s: ChargerState, nowMs: number, logType: string): string {
  const c = s.config;
  return [
    `${wallIso(c.timeBase, nowMs)} ${logType} of ${c.chargerId}`,
    `model=${c.model} vendor=${c.vendor} serial=${c.serialNumber} firmware=${c.firmwareVersion}`,
    `registration=${s.registration} status=${s.status} operative=${s.isOperative}`,
    `transactions=${s.txCount} running=${s.tx?.transactionId ?? "none"}`,
    `energy_register_wh=${Math.round(s.physics.registerWh)}`,
    "",
  ].join("\n");
}

/** The shell's report of a download or upload. */
export function onTransferDone(s: ChargerState, msg: TransferDone, fx: Effect[]): ChargerState {
  if (msg.transfer === "log") {
    if (s.logUpload?.requestId !== msg.requestId) return s;
    logStatus(fx, msg.ok ? "Uploaded" : "UploadFailure", msg.requestId);
    return { ...s, logUpload: null };
  }
  const job = s.firmware;
  if (job?.requestId !== msg.requestId || job.phase !== "downloading") return s;
  if (!msg.ok) {
    firmwareStatus(fx, "DownloadFailed", job.requestId);
    return { ...s, firmware: null };
  }
  firmwareStatus(fx, "Downloaded", job.requestId);
  firmwareStatus(fx, "Installing", job.requestId);
  fx.push({ kind: "setTimer", name: "firmware", delayMs: INSTALL_MS });
  return {
    ...s,
    firmware: { ...job, phase: "installing", isFailing: msg.isInstallFailing === true },
  };
}

/** TriggerMessage FirmwareStatusNotification: where the update is, or Idle (L01.FR.?). */
export function firmwareNow(s: ChargerState, fx: Effect[]): ChargerState {
  const job = s.firmware;
  if (job === null) firmwareStatus(fx, "Idle");
  else {
    const status = { scheduled: "DownloadScheduled", downloading: "Downloading" }[
      job.phase as "scheduled" | "downloading"
    ] ?? "Installing";
    firmwareStatus(fx, status, job.requestId);
  }
  return s;
}

/** TriggerMessage LogStatusNotification: Uploading with its request, or Idle. */
export function logNow(s: ChargerState, fx: Effect[]): ChargerState {
  if (s.logUpload === null) logStatus(fx, "Idle");
  else logStatus(fx, "Uploading", s.logUpload.requestId);
  return s;
}
