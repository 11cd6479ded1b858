// The live feed: server-sent events from `GET /events`, reconnected with back-off when the
// stream drops, and a 5 s refresh while it is down so the screen never goes stale.

/** Event types the dashboard listens for by name (the feed names each SSE event by its bus type). */
export const LIVE_TYPES = [
  "station.connected",
  "station.disconnected",
  "station.booted",
  "station.heartbeat",
  "status.changed",
  "transaction.started",
  "transaction.updated",
  "transaction.ended",
  "meter.sampled",
  "frame.in",
  "frame.out",
  "inventory.changed",
  "id-token.changed",
  "tariff.changed",
  "local-list.sent",
  "reservation.changed",
  "campaign.progress",
];

/** The fallback refresh period while the stream is down, ms. */
export const POLL_MS = 5_000;

/** Turns one SSE message into `{ type, payload }`: the event name is the type, the data its payload. */
export function normaliseEvent(name, data) {
  let parsed;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    console.warn("ignoring an event that is not JSON", name, error);
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const type = name !== "message" ? name : parsed.type;
  const payload = parsed.payload && typeof parsed.payload === "object" ? parsed.payload : parsed;
  return type ? { type, payload } : undefined;
}

/** The charger an event is about. */
export function chargerOf(event) {
  const p = event.payload;
  // The feed names the charger `charger_id` and its site `station_id`; the bus says `chargerId`.
  return p.charger_id ?? p.chargerId;
}

/**
 * Opens an EventSource on `url` and keeps it open. `onEvent` gets every event; `onMode` gets
 * "live", "polling" or "connecting"; `refresh` runs every 5 s while the stream is down and
 * once when it comes back (to catch what was missed). Returns a function that closes it all.
 */
export function connectLive({ url = "/events", types = LIVE_TYPES, onEvent, onMode, refresh }) {
  let source;
  let pollTimer;
  let retryTimer;
  let attempt = 0;
  let isClosed = false;
  let wasDown = false;

  const startPolling = () => {
    if (pollTimer !== undefined) return;
    onMode?.("polling");
    pollTimer = setInterval(() => refresh?.(), POLL_MS);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = undefined;
  };
  const handle = (message) => {
    const event = normaliseEvent(message.type, message.data);
    if (event) onEvent(event);
  };
  const open = () => {
    if (isClosed) return;
    source = new EventSource(url);
    for (const type of types) source.addEventListener(type, handle);
    source.addEventListener("message", handle);
    source.onopen = () => {
      attempt = 0;
      stopPolling();
      onMode?.("live");
      if (wasDown) refresh?.();
      wasDown = false;
    };
    source.onerror = () => {
      wasDown = true;
      startPolling();
      // The browser retries a dropped stream itself; a refused one (CLOSED) is ours to retry.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        const delayMs = Math.min(30_000, 1_000 * 2 ** attempt++);
        retryTimer = setTimeout(open, delayMs);
      }
    };
  };
  onMode?.("connecting");
  open();
  return () => {
    isClosed = true;
    source?.close();
    stopPolling();
    clearTimeout(retryTimer);
  };
}
