// The dashboard's data: REST snapshots of chargers, sites, KPIs, hourly power and the heat layer,
// kept current by the live feed (a changed charger is re-read within ~150 ms; KPIs at most once
// a second), with a 5 s full refresh while the feed is down and a 30 s safety net while it is up.
// A large network (over LARGE_NETWORK chargers) is shown by its sites (`/stations` carries each
// site's status counts); only the chargers in the map's view are loaded, once it is zoomed in
// far enough to draw them (`/chargers?bbox=…`).
import { useEffect, useRef, useState } from "preact/hooks";
import { getJson, startOfTodayKst } from "./api.js";
import { CHARGER_ZOOM } from "./clusters.js";
import { chargerOf, connectLive } from "./live.js";

/** Above this many chargers the dashboard loads only those in view. */
export const LARGE_NETWORK = 2_000;
/** Hourly power and heat are re-read after a session ends, at most this often. */
const SLOW_PERIOD_MS = 10_000;
/** Transaction lists are re-read after a session starts or ends, at most this often. */
const TX_PERIOD_MS = 2_000;
/**
 * What a large network's page listens to: status and session changes, not the thousands of
 * meter samples a second (power on screen is re-read with the chargers in view).
 */
const LARGE_NETWORK_EVENTS = [
  "station.connected",
  "station.disconnected",
  "status.changed",
  "transaction.started",
  "transaction.ended",
];

const CHARGER_DELAY_MS = 150;
const KPI_PERIOD_MS = 1_000;
const SAFETY_NET_MS = 30_000;
/** Above this many changed chargers in one batch, one list read is cheaper than many reads. */
const BATCH_LIMIT = 20;
/** A busy network (thousands of chargers) re-reads the whole list at most this often. */
const FULL_LIST_PERIOD_MS = 2_000;
/** Events that change what the operator area shows. */
const NETWORK_EVENTS = new Set([
  "inventory.changed",
  "id-token.changed",
  "tariff.changed",
  "local-list.sent",
]);

function byId(list) {
  return Object.fromEntries(list.map((c) => [c.charger_id, c]));
}

/**
 * The chargers to show: all of a small network; of a large one, those in `view` when zoomed in
 * (none otherwise: the sites show the counts). `state.isLarge` is learnt from the first answer.
 */
async function loadChargers(state) {
  if (!state.isLarge) {
    // One charger first: its `total` says which kind of network this is, for a few bytes.
    const size = state.total ?? (await getJson("/chargers", { limit: 1 })).total;
    state.total = size;
    if (size <= LARGE_NETWORK) {
      const all = await getJson("/chargers", { limit: LARGE_NETWORK });
      if (all.next_offset == null) return byId(all.chargers);
    }
    state.isLarge = true;
    state.onLarge?.();
  }
  const view = state.view;
  if (!view || view.zoom < CHARGER_ZOOM - 1) return {};
  const inView = await getJson("/chargers", {
    bbox: view.bounds.map((x) => x.toFixed(5)).join(","),
    limit: LARGE_NETWORK,
  });
  return byId(inView.chargers);
}

/** Runs `fn` at most once per `periodMs`, the last call of a burst at the end of its period. */
function throttle(fn, periodMs) {
  let lastMs = 0;
  let timer;
  return () => {
    if (timer !== undefined) return;
    const waitMs = Math.max(0, lastMs + periodMs - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      lastMs = Date.now();
      fn();
    }, waitMs);
  };
}

function createLoader(set, report, state) {
  const guard = (name, promise) =>
    promise.then(() => report(name, null)).catch((error) => report(name, error));
  const today = () => ({ from: startOfTodayKst() });
  const loader = {
    chargers: () =>
      guard(
        "chargers",
        loadChargers(state).then((chargers) => {
          state.loaded = new Set(Object.keys(chargers));
          set.chargers(chargers);
        }),
      ),
    charger: (id) =>
      guard(
        "charger",
        getJson(`/chargers/${encodeURIComponent(id)}`).then((c) =>
          set.chargers((all) => ({ ...all, [c.charger_id]: c }))
        ),
      ),
    stations: () => guard("stations", getJson("/stations").then((r) => set.stations(r.stations))),
    kpis: () => guard("kpis", getJson("/statistics/dashboard", today()).then(set.kpis)),
    hourly: () => guard("hourly", getJson("/statistics/hourly").then(set.hourly)),
    heat: () =>
      guard(
        "heat",
        getJson("/geo/heatmap", { metric: "energy", ...today() }).then((r) => set.heat(r.points)),
      ),
    all: () => {
      set.txVersion((v) => v + 1);
      return Promise.all([
        loader.chargers(),
        loader.stations(),
        loader.kpis(),
        loader.hourly(),
        loader.heat(),
      ]);
    },
  };
  return loader;
}

/** Batches live events into REST re-reads. */
function createEventSink(load, set, state) {
  const slow = throttle(() => {
    load.hourly();
    load.heat();
  }, SLOW_PERIOD_MS);
  const txChanged = throttle(() => set.txVersion((v) => v + 1), TX_PERIOD_MS);
  const dirty = new Set();
  let chargerTimer;
  let kpiTimer;
  let lastKpiMs = 0;
  let lastFullMs = 0;
  const flushChargers = () => {
    chargerTimer = undefined;
    if (dirty.size <= BATCH_LIMIT) {
      dirty.forEach(load.charger);
      dirty.clear();
      return;
    }
    const waitMs = lastFullMs + FULL_LIST_PERIOD_MS - Date.now();
    if (waitMs > 0) {
      chargerTimer = setTimeout(flushChargers, waitMs); // keep collecting until then
      return;
    }
    dirty.clear();
    lastFullMs = Date.now();
    load.chargers();
  };
  const flushKpis = () => {
    kpiTimer = undefined;
    lastKpiMs = Date.now();
    load.kpis();
    load.stations();
  };
  return {
    onEvent(event) {
      // Managed data changed (here or by another operator): the lists and the map follow.
      if (NETWORK_EVENTS.has(event.type)) {
        set.netVersion((v) => v + 1);
        if (event.type === "inventory.changed") {
          load.chargers();
          load.stations();
        }
        return;
      }
      const id = chargerOf(event);
      // A large network re-reads only the chargers on screen; the sites' counts follow below.
      if (id && (!state.isLarge || state.loaded.has(id))) dirty.add(id);
      chargerTimer ??= setTimeout(flushChargers, CHARGER_DELAY_MS);
      const waitMs = Math.max(CHARGER_DELAY_MS, lastKpiMs + KPI_PERIOD_MS - Date.now());
      kpiTimer ??= setTimeout(flushKpis, waitMs);
      if (event.type === "transaction.started" || event.type === "transaction.ended") txChanged();
      if (event.type === "transaction.ended") slow();
    },
    close() {
      clearTimeout(chargerTimer);
      clearTimeout(kpiTimer);
    },
  };
}

/**
 * Everything the screen shows, live. `txVersion` changes whenever transaction lists are stale,
 * `netVersion` whenever sites, chargers, tokens, tariffs or local lists changed.
 */
export function useFleet() {
  const [chargers, setChargers] = useState({});
  const [stations, setStations] = useState([]);
  const [kpis, setKpis] = useState(null);
  const [hourly, setHourly] = useState(null);
  const [heat, setHeat] = useState([]);
  const [txVersion, setTxVersion] = useState(0);
  const [netVersion, setNetVersion] = useState(0);
  const [mode, setMode] = useState("connecting");
  const [errors, setErrors] = useState({});
  const loader = useRef(null);
  const fleetState = useRef({ isLarge: false, view: undefined, loaded: new Set() });
  const viewTimer = useRef(undefined);

  useEffect(() => {
    const set = {
      chargers: setChargers,
      stations: setStations,
      kpis: setKpis,
      hourly: setHourly,
      heat: setHeat,
      txVersion: setTxVersion,
      netVersion: setNetVersion,
    };
    const report = (name, error) =>
      setErrors((old) => (old[name] === (error?.message ?? undefined) ? old : {
        ...old,
        [name]: error?.message ?? undefined,
      }));
    const state = fleetState.current;
    const load = createLoader(set, report, state);
    loader.current = load;
    const sink = createEventSink(load, set, state);
    load.all();
    const live = { onEvent: sink.onEvent, onMode: setMode, refresh: load.all };
    let close = connectLive(live);
    state.onLarge = () => {
      close();
      close = connectLive({
        ...live,
        url: `/events?types=${LARGE_NETWORK_EVENTS.join(",")}`,
        types: LARGE_NETWORK_EVENTS,
      });
    };
    const safetyNet = setInterval(load.all, SAFETY_NET_MS);
    return () => {
      close();
      sink.close();
      clearInterval(safetyNet);
    };
  }, []);

  return {
    chargers,
    stations,
    kpis,
    hourly,
    heat,
    txVersion,
    netVersion,
    mode,
    errors: Object.entries(errors).filter(([, message]) => message),
    reloadCharger: (id) => loader.current?.charger(id),
    /** The map moved: a large network loads the chargers of the new view (debounced). */
    setView: (view) => {
      fleetState.current.view = view;
      if (!fleetState.current.isLarge) return;
      clearTimeout(viewTimer.current);
      viewTimer.current = setTimeout(() => loader.current?.chargers(), 150);
    },
    isLarge: () => fleetState.current.isLarge,
    /** Re-reads chargers and sites now (after this viewer changed the inventory). */
    reloadAll: () => loader.current?.all(),
  };
}
