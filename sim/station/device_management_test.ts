// The station side of device management through the pure transition: reservations (H01–H04),
// firmware updates and log uploads (L01, N01) and display messages (O01–O06).
import assert from "node:assert/strict";
import { CARD, T0, TestStation } from "../../tests/support/test_station.ts";
import { INSTALL_MS } from "./firmware.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const reserve = (id: number, untilMs: number, idToken = "kim") => ({
  id,
  expiryDateTime: iso(untilMs),
  idToken: { idToken, type: "Central" },
});

Deno.test("H01 transition() reserves the EVSE, refuses other tokens and expires the reservation", () => {
  const st = new TestStation().boot();
  assert.equal(st.call("ReserveNow", reserve(5, T0 + 60_000)).status, "Accepted");
  assert.equal(st.calls("StatusNotification")[0].connectorStatus, "Reserved");
  assert.equal(st.timers().reservation, 60_000);
  assert.equal(st.call("ReserveNow", reserve(6, T0 + 60_000)).status, "Occupied");
  st.send({ type: "authorize", idToken: CARD });
  const refused = st.effects.find((e) => e.kind === "emit" && e.event.type === "rejected");
  assert.ok(refused?.kind === "emit" && refused.event.type === "rejected");
  assert.match(refused.event.reason, /reserved \(reservation 5\)/);
  const remote = st.call("RequestStartTransaction", { idToken: CARD, remoteStartId: 1 });
  assert.equal(remote.status, "Rejected");
  st.send({ type: "timer", name: "reservation" }, 60_000);
  assert.deepEqual(st.calls("ReservationStatusUpdate"), [{
    reservationId: 5,
    reservationUpdateStatus: "Expired",
  }]);
  assert.equal(st.calls("StatusNotification")[0].connectorStatus, "Available");
  assert.equal(st.state.reservation, null);
});

Deno.test("H02/H01 transition() cancels a reservation; the reserved token's start uses it up", () => {
  const st = new TestStation().boot();
  st.call("ReserveNow", reserve(5, T0 + 60_000));
  assert.equal(st.call("CancelReservation", { reservationId: 4 }).status, "Rejected");
  assert.equal(st.call("CancelReservation", { reservationId: 5 }).status, "Accepted");
  assert.equal(st.state.reservation, null);
  st.call("ReserveNow", reserve(7, T0 + 60_000, CARD.idToken));
  assert.equal(st.call("ReserveNow", reserve(8, T0 - 1)).status, "Rejected", "expiry passed");
  assert.equal(
    st.call("RequestStartTransaction", { idToken: CARD, remoteStartId: 2 }).status,
    "Accepted",
  );
  assert.equal(st.state.reservation, null);
  assert.ok(st.effects.some((e) => e.kind === "cancelTimer" && e.name === "reservation"));
});

Deno.test("L01 transition() downloads, installs and reports each step; a failing install says so", () => {
  for (const isInstallFailing of [false, true]) {
    const st = new TestStation().boot();
    const answer = st.call("UpdateFirmware", {
      requestId: 11,
      firmware: { location: "http://127.0.0.1/fw.bin", retrieveDateTime: iso(T0) },
    });
    assert.equal(answer.status, "Accepted");
    assert.deepEqual(st.calls("FirmwareStatusNotification"), [{
      status: "Downloading",
      requestId: 11,
    }]);
    assert.ok(st.effects.some((e) => e.kind === "download" && e.url.endsWith("/fw.bin")));
    st.send({
      type: "transferDone",
      transfer: "firmware",
      requestId: 11,
      ok: true,
      isInstallFailing,
    });
    assert.deepEqual(st.calls("FirmwareStatusNotification").map((p) => p.status), [
      "Downloaded",
      "Installing",
    ]);
    st.send({ type: "timer", name: "firmware" }, INSTALL_MS);
    assert.deepEqual(st.calls("FirmwareStatusNotification"), [{
      status: isInstallFailing ? "InstallationFailed" : "Installed",
      requestId: 11,
    }]);
    assert.equal(st.state.firmware, null);
  }
});

Deno.test("L01 transition() schedules a later download, reports a failed one, answers TriggerMessage", () => {
  const st = new TestStation().boot();
  st.call("UpdateFirmware", {
    requestId: 12,
    firmware: { location: "http://127.0.0.1/fw.bin", retrieveDateTime: iso(T0 + 30_000) },
  });
  assert.deepEqual(st.calls("FirmwareStatusNotification").map((p) => p.status), [
    "DownloadScheduled",
  ]);
  st.call("TriggerMessage", { requestedMessage: "FirmwareStatusNotification" });
  assert.deepEqual(st.calls("FirmwareStatusNotification"), [{
    status: "DownloadScheduled",
    requestId: 12,
  }]);
  st.send({ type: "timer", name: "firmware" }, 30_000);
  assert.equal(st.calls("FirmwareStatusNotification")[0].status, "Downloading");
  st.send({ type: "transferDone", transfer: "firmware", requestId: 12, ok: false });
  assert.deepEqual(st.calls("FirmwareStatusNotification").map((p) => p.status), [
    "DownloadFailed",
  ]);
  st.call("TriggerMessage", { requestedMessage: "FirmwareStatusNotification" });
  assert.deepEqual(st.calls("FirmwareStatusNotification"), [{ status: "Idle" }]);
});

Deno.test("N01 transition() uploads its log to the given URL and reports the outcome", () => {
  const st = new TestStation().boot();
  const answer = st.call("GetLog", {
    requestId: 21,
    logType: "DiagnosticsLog",
    log: { remoteLocation: "http://127.0.0.1/transfers/logs/token" },
  });
  assert.equal(answer.status, "Accepted");
  const upload = st.effects.find((e) => e.kind === "upload");
  assert.ok(upload?.kind === "upload");
  assert.equal(upload.url, "http://127.0.0.1/transfers/logs/token");
  assert.match(upload.text, /DiagnosticsLog of /);
  assert.deepEqual(st.calls("LogStatusNotification"), [{ status: "Uploading", requestId: 21 }]);
  st.send({ type: "transferDone", transfer: "log", requestId: 21, ok: true });
  assert.deepEqual(st.calls("LogStatusNotification"), [{ status: "Uploaded", requestId: 21 }]);
  assert.equal(st.state.logUpload, null);
});

Deno.test("O01–O05 transition() keeps display messages, reports them in parts, clears one", () => {
  const st = new TestStation().boot();
  const message = (id: number, format = "UTF8") => ({
    message: { id, priority: "NormalCycle", message: { format, content: `hello ${id}` } },
  });
  for (let id = 1; id <= 5; id++) {
    assert.equal(st.call("SetDisplayMessage", message(id)).status, "Accepted");
  }
  assert.equal(
    st.call("SetDisplayMessage", message(9, "HTML")).status,
    "NotSupportedMessageFormat",
  );
  assert.equal(
    st.call("SetDisplayMessage", {
      message: { ...message(10).message, transactionId: "nope" },
    }).status,
    "UnknownTransaction",
  );
  assert.equal(st.call("GetDisplayMessages", { requestId: 3 }).status, "Accepted");
  const parts = st.calls("NotifyDisplayMessages");
  assert.deepEqual(parts.map((p) => [p.tbc, (p.messageInfo as unknown[]).length]), [
    [true, 4],
    [false, 1],
  ]);
  assert.equal(st.call("ClearDisplayMessage", { id: 2 }).status, "Accepted");
  assert.equal(st.call("ClearDisplayMessage", { id: 2 }).status, "Unknown");
  assert.equal(st.call("GetDisplayMessages", { requestId: 4, id: [2] }).status, "Unknown");
});
