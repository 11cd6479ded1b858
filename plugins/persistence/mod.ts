/**
 * The persistence plugin: feeds bus events into the store's batched writers, and
 * `openPersistence` opens, migrates and seeds the database for the composition root.
 *
 * TransactionEvents are not taken from the bus: the CSMS calls `store.saveTransactionEvent`
 * and answers the charger only after it resolves (durable before acknowledged), so the
 * `transaction.*` events need no second write here.
 */
import { z } from "zod";
import type { Clock } from "../../actors/runtime/clock.ts";
import type { Inventory } from "../../actors/csms/inventory.ts";
import { definePlugin, type Plugin, type PluginBus, type Unsubscribe } from "../mod.ts";
import { openDb } from "./db.ts";
import { type Db } from "./sql.ts";
import { migrate } from "./migrations.ts";
import { seedIfEmpty } from "./seed.ts";
import { createStore, type Store, type StoreOptions } from "./store.ts";

/** The least of a bus the subscriptions need, so tests can pass a plain bus. */
export type PersistenceBus = Pick<PluginBus, "on">;

/** Subscribes the store's batched writers to the bus; returns one unsubscribe for all. */
export function persistenceSubscriptions(
  store: Store,
  bus: PersistenceBus,
  options: { isCapturingFrames?: boolean } = {},
): Unsubscribe {
  const offs = [
    bus.on("station.booted", (e) => store.recordBoot(e)),
    bus.on("station.heartbeat", (e) => store.recordHeartbeat(e)),
    bus.on("status.changed", (e) => store.recordStatus(e)),
    bus.on("meter.sampled", (e) => store.recordMeterSample(e)),
    bus.on("security.event", (e) => store.recordSecurityEvent(e)),
  ];
  if (options.isCapturingFrames ?? false) {
    offs.push(
      bus.on("frame.in", (e) => store.recordFrame({ ...e, direction: "in" })),
      bus.on("frame.out", (e) => store.recordFrame({ ...e, direction: "out" })),
    );
  }
  return () => offs.forEach((off) => off());
}

/** The plugin's config section. */
export const PersistenceConfig = z.object({
  /** Store every raw OCPP-J frame in `ocpp_frames` (protocol capture). */
  captureFrames: z.boolean().default(false),
});
export type PersistenceConfig = z.infer<typeof PersistenceConfig>;

/**
 * The persistence plugin over an open store. At shutdown it flushes what is queued; the
 * composition root closes the store and the database afterwards.
 */
export function persistencePlugin(store: Store): Plugin<PersistenceConfig> {
  return definePlugin({
    name: "persistence",
    configSchema: PersistenceConfig,
    setup(bus, ctx) {
      const off = persistenceSubscriptions(store, bus, {
        isCapturingFrames: ctx.config.captureFrames,
      });
      return async () => {
        off();
        try {
          await store.flush();
        } catch (error) {
          ctx.log.error("Could not write queued rows at shutdown: {error}", { error });
        }
      };
    },
  });
}

/** An open, migrated, seeded database and its store. */
export interface Persistence {
  db: Db;
  store: Store;
  /** Flushes the store, then closes the database (even if the flush fails). */
  close(): Promise<void>;
}

/** Whether PGlite's data directory holds no database yet (it is created on first open). */
async function isNewDataDir(dataDir = "./data/pglite"): Promise<boolean> {
  if (dataDir.startsWith("memory://")) return false;
  try {
    await Deno.stat(`${dataDir}/PG_VERSION`);
    return false;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}

/**
 * Opens the database (postgres.js when `url` is set, else PGlite in `dataDir`), applies the
 * migrations, seeds `seed` (Emart Jeju by default) if there are no stations yet, and builds
 * the store.
 */
export async function openPersistence(
  options: { url?: string; dataDir?: string; seed?: Inventory; clock?: Clock } & StoreOptions = {},
): Promise<Persistence> {
  const isFreshPglite = !options.url && await isNewDataDir(options.dataDir);
  let db = await openDb({ url: options.url, dataDir: options.dataDir });
  try {
    await migrate(db);
    await seedIfEmpty(db, options.seed);
  } catch (error) {
    await db.close();
    throw error;
  }
  if (isFreshPglite) {
    // initdb and the first migrations grow PGlite's WebAssembly memory, which never shrinks:
    // ~700 MB resident after a first start against ~350 MB after a re-open (docs/reliability.md).
    await db.close();
    db = await openDb({ dataDir: options.dataDir });
  }
  const store = createStore(db, options);
  return {
    db,
    store,
    close: async () => {
      try {
        await store.close();
      } finally {
        await db.close();
      }
    },
  };
}
