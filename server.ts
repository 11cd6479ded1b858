/**
 * Starts a Tamna server in-process: bus, supervisor, CSMS core, the OCPP WebSocket port and
 * the HTTP port. `main.ts` calls it for `deno task serve`; tests and the library call it too.
 */
import { getLogger } from "@logtape/logtape";
import { type Bus, createBus } from "./actors/csms/events.ts";
import { type Clock, isoNow, systemClock } from "./actors/runtime/clock.ts";
import {
  configAuthorizer,
  createCsms,
  type Csms,
  DEFAULT_CSMS_CONFIG,
} from "./actors/csms/csms.ts";
import {
  type ManagedNetwork,
  openIdTokens,
  openManagedNetwork,
} from "./actors/csms/managed_network.ts";
import { sqlDeviceStores, sqlManagedStores } from "./plugins/persistence/managed_stores.ts";
import { type DeviceManagement, openDeviceManagement } from "./actors/csms/device_management.ts";
import type { AnyEvent } from "./actors/csms/events.ts";
import { createLiveView, type LiveView } from "./actors/csms/live_view.ts";
import { createAdmission } from "./actors/station/admission.ts";
import type { DurableStore } from "./actors/station/durable.ts";
import { processMetrics } from "./actors/runtime/metrics.ts";
import { createSupervisor, type Supervisor } from "./actors/runtime/supervisor.ts";
import {
  ConfigError,
  httpHostOf,
  isLoopbackHost,
  ocppHostOf,
  type ServerConfig,
} from "./config.ts";
import type { AccountStore, AuditLog } from "./actors/csms/accounts.ts";
import { newSecret } from "./actors/csms/accounts.ts";
import { createMemoryAccountStore, createMemoryAuditLog } from "./actors/csms/memory_accounts.ts";
import { sqlAccountStore, sqlAuditLog } from "./plugins/persistence/accounts.ts";
import { capturePlugin } from "./plugins/capture/mod.ts";
import { loadPluginFromFile, type PluginHost, startPlugins } from "./plugins/host.ts";
import type { Plugin } from "./plugins/mod.ts";
import { openPersistence, type Persistence, persistencePlugin } from "./plugins/persistence/mod.ts";
import { PricingConfig, pricingPlugin } from "./plugins/pricing/mod.ts";
import { smartChargingPlugin } from "./plugins/smart_charging/mod.ts";
import { createTransactionEventHooks } from "./plugins/transaction_hooks.ts";
import { createApp } from "./routes/app.ts";
import { serveKeepingOpen } from "./routes/listener.ts";
import { type ClusterNode, joinCluster } from "./cluster/node.ts";
import { followManagedChanges } from "./cluster/managed_sync.ts";
import { createSqlHistory } from "./plugins/persistence/history.ts";
import { loadInventory } from "./plugins/persistence/inventory.ts";
import { openTransactionEvents } from "./plugins/persistence/open_transactions.ts";
import { emartJejuSeed } from "./actors/csms/inventory.ts";
import { type ChargerCommands, createChargerCommands } from "./actors/csms/commands.ts";
import { withPasswordRotation } from "./actors/csms/rotation.ts";
import { securityRecords } from "./plugins/persistence/security_queries.ts";
import {
  createOcppSecurity,
  type OcppSecurity,
  startOcppListeners,
} from "./routes/ocpp/listeners.ts";

/** A running server. */
export interface TamnaServer {
  /** e.g. `ws://127.0.0.1:9000` (the bound port, also when 0 was asked for). */
  ocppUrl: string;
  /** `wss://…` (security profile 2), when a certificate and key are configured. */
  ocppTlsUrl?: string;
  /** `wss://…` with client certificates (profile 3), when a client CA is configured too. */
  mtlsUrl?: string;
  httpUrl: string;
  /**
   * While no operator account exists: the one-time link that creates the first admin
   * (`serve` prints it). Undefined once an account exists.
   */
  setupUrl?: string;
  csms: Csms;
  bus: Bus;
  /** The live per-charger view (status, transactions, limits) the REST API serves. */
  view: LiveView;
  /** Remote control of chargers, shared by the REST API and the library. */
  commands: ChargerCommands;
  supervisor: Supervisor;
  /** The database and its store; null when the server runs without one. */
  persistence: Persistence | null;
  plugins: PluginHost;
  /** The OCPP admission check and station credentials (A01 password rotation writes them). */
  security: OcppSecurity;
  /** The HTTP API's operator accounts, sessions and API tokens (database or memory). */
  accounts: AccountStore;
  audit: AuditLog;
  /** Sites, chargers, ID tokens, tariffs and local lists as managed data; needs a database. */
  network?: ManagedNetwork;
  /** Device models, reservations, firmware and log campaigns, display messages; needs a database. */
  devices?: DeviceManagement;
  /** This node's cluster membership, when `natsUrl` is set (docs/cluster.md). */
  cluster?: ClusterNode;
  /** Stops accepting, closes every station connection, and releases everything. */
  close(): Promise<void>;
}

/** Things tests and the library may inject. */
export interface ServerOverrides {
  clock?: Clock;
  /**
   * An open database to use; `null` runs without one (state in memory only, for protocol
   * tests and benchmarks); absent opens the one `config` names (PGlite in `dataDir` by default).
   */
  persistence?: Persistence | null;
  /** A durable store that replaces the database's (tests of acknowledge-after-store). */
  store?: DurableStore;
  /** Plugins to load after the built-in ones and those named in `config.plugins`. */
  plugins?: Plugin[];
  /**
   * The event loop also runs other work: simulated chargers (`serve --simulate`), a test, an
   * embedding application. The admission gate then ignores how busy the thread is, which would
   * count that work as the CSMS's, and sheds on loop lag and database backlog only.
   */
  isThreadShared?: boolean;
}

const log = getLogger(["tamna", "server"]);

function urlOf(scheme: string, addr: Deno.NetAddr): string {
  const host = addr.hostname === "0.0.0.0" ? "127.0.0.1" : addr.hostname;
  return `${scheme}://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
}

/** Starts the servers described by `config`. */
export async function startServer(
  config: ServerConfig,
  overrides: ServerOverrides = {},
): Promise<TamnaServer> {
  const clock = overrides.clock ?? systemClock;
  const persistence = overrides.persistence !== undefined
    ? overrides.persistence
    : await openPersistence({
      url: config.databaseUrl,
      dataDir: `${config.dataDir}/pglite`,
      clock,
    });
  let httpAccess: HttpAccess;
  try {
    httpAccess = await openHttpAccess(config, persistence, clock);
  } catch (error) {
    if (overrides.persistence === undefined) await persistence?.close();
    throw error;
  }
  const bus = createBus({ clock });
  const supervisor = createSupervisor({
    clock,
    onEvent: (event) => {
      if (event.type === "actor.restarted" || event.type === "actor.gave-up") {
        bus.emit(event.type, event.payload as never);
      }
    },
  });
  // Plugins' TransactionEvent hooks (totalCost): the CSMS calls them, plugins add them.
  const transactionEventHooks = createTransactionEventHooks();
  const emit = (event: AnyEvent) => bus.emit(event.type, event.payload as never);
  const ocppConfig = { ...config, host: ocppHostOf(config) };
  const security = createOcppSecurity(ocppConfig, {
    emit,
    clock,
    records: persistence ? securityRecords(persistence.db) : undefined,
  });
  // With a database, ID tokens are managed data; Authorize is answered from them in memory and
  // tamna.json's allow/deny lists answer only the tokens they do not hold.
  const stores = persistence ? sqlManagedStores(persistence.db) : undefined;
  const tokens = stores && await openIdTokens({
    store: stores.tokens,
    emit,
    clock,
    fallback: configAuthorizer(config.authorization),
  });
  // A01: a SetVariables of BasicAuthPassword, from REST or a plugin, stores the new hash
  // only once the station accepted it.
  // The database falling behind sheds deferrable calls as a lagging loop does.
  const admission = createAdmission({
    metrics: processMetrics,
    cpuTimeMs: overrides.isThreadShared ? () => undefined : undefined, // undefined: the default
    isBacklogged: persistence ? () => persistence.store.isBacklogged() : undefined,
  });
  const localCsms = withPasswordRotation(
    createCsms({
      clock,
      supervisor,
      emit,
      isWanted: (type) => bus.hasSubscribers(type),
      store: overrides.store ??
        persistence?.store,
      transactionEventHook: transactionEventHooks.run,
      authorize: tokens && ((idToken, context) => tokens.authorize(idToken, context)),
      admission,
      config: {
        ...DEFAULT_CSMS_CONFIG,
        validation: config.validation,
        stations: config.stations,
        unknownStationRegistration: config.unknownStations,
        heartbeatIntervalS: config.heartbeatIntervalS,
        authorization: config.authorization,
        maxBadFrames: config.maxBadFrames,
        maxFrameChars: config.maxFrameChars,
        callTimeoutMs: config.callTimeoutMs,
        maxSendBufferBytes: config.maxSendBufferBytes,
      },
    }),
    { credentials: security.credentials, emit, clock },
  );
  // Cluster mode (docs/cluster.md): the same CSMS interface over every node's chargers.
  let cluster: ClusterNode | undefined;
  try {
    cluster = await joinClusterIfAsked(config, { csms: localCsms, bus, clock });
  } catch (error) {
    if (overrides.persistence === undefined) await persistence?.close();
    throw error;
  }
  const csms = cluster?.csms ?? localCsms;
  // One live view for the REST API, the dashboard, smart charging and the library, over the
  // inventory the database holds (seeded at first start); without a database, the seed's.
  const view = createLiveView({
    bus,
    inventory: persistence ? await loadInventory(persistence.db) : emartJejuSeed(),
  });
  const network = stores && tokens && await openManagedNetwork({
    stores,
    tokens,
    view,
    bus,
    csms,
    credentials: security.credentials,
    emit,
    clock,
  });
  cluster?.shareAuthFailures(security);
  if (cluster && network && persistence) {
    followManagedChanges(cluster, {
      network,
      view,
      loadInventory: () => loadInventory(persistence.db),
    });
  }
  const userPlugins = await Promise.all(config.plugins.map((path) => loadPluginFromFile(path)));
  const plugins = await startPlugins(
    [
      ...(persistence ? [persistencePlugin(persistence.store)] : []),
      pricingPlugin({ tariffs: network?.tariffs }),
      smartChargingPlugin({
        inventory: () => view.inventory(),
        isLeader: cluster && ((siteId) => cluster.leadership.isLeader(siteId)),
      }),
      ...("capture" in config.pluginConfig ? [capturePlugin()] : []),
      ...userPlugins,
      ...(overrides.plugins ?? []),
    ],
    {
      bus,
      clock,
      send: (chargerId, action, payload) => csms.send(chargerId, action, payload as never),
      transactionEventHooks,
      config: {
        ...(persistence && { persistence: { captureFrames: config.protocolCapture } }),
        ...config.pluginConfig,
      },
    },
  );
  const commands = createChargerCommands({ csms, view });
  // Chargers download firmware from and upload logs to the HTTP port (its address once bound).
  let boundHttpUrl = "";
  const devices = persistence
    ? await openDeviceManagement({
      stores: sqlDeviceStores(persistence.db, config.dataDir),
      commands,
      bus,
      emit,
      clock,
      publicUrl: () => config.publicUrl ?? boundHttpUrl,
    })
    : undefined;
  // A node joining a running cluster learns the sessions other nodes started before it was up.
  if (cluster && persistence) {
    const at = isoNow(clock);
    for (const started of await openTransactionEvents(persistence.db, at)) {
      bus.emitRemote("transaction.started", started);
    }
  }
  const startedAtMs = clock.now();
  const ocpp = await startOcppListeners(ocppConfig, { csms, admit: security.admit });
  // Open event streams (the dashboard's /events) would hold http.shutdown() forever.
  const httpAbort = new AbortController();
  const app = createApp({
    signal: httpAbort.signal,
    csms,
    bus,
    view,
    commands,
    network,
    devices,
    transferLimits: {
      maxFirmwareBytes: config.maxFirmwareBytes,
      maxLogUploadBytes: config.maxLogUploadBytes,
    },
    history: persistence ? createSqlHistory(persistence.db) : undefined,
    apiToken: config.apiToken,
    access: {
      accounts: httpAccess.accounts,
      audit: httpAccess.audit,
      isInsecure: config.insecureHttp,
      setupToken: httpAccess.setupToken,
      sessionTtlS: config.sessionTtlS,
    },
    corsOrigin: typeof config.corsOrigin === "string" && config.corsOrigin.includes(",")
      ? config.corsOrigin.split(",").map((origin) => origin.trim())
      : config.corsOrigin,
    tariffKrwPerKwh: pricingTariff(config.pluginConfig.pricing),
    tileUrl: config.tileUrl,
    maxBodyBytes: config.maxBodyBytes,
    // Chargers come first: REST yields while the OCPP loop is under pressure.
    restLimits: { isChargerPressure: () => admission.isUnderPressure },
    databaseHealth: persistence ? () => persistence.store.health() : undefined,
    metrics: {
      registry: processMetrics,
      connections: () => localCsms.connectedIds().length,
      queues: () => bus.queues(),
      store: persistence?.store,
      uptimeS: () => Math.round((clock.now() - startedAtMs) / 1000),
    },
    startedAtMs,
    now: () => clock.now(),
  });
  const http = serveKeepingOpen(
    "http",
    { port: config.httpPort, hostname: httpHostOf(config) },
    app.fetch,
  );
  boundHttpUrl = urlOf("http", http.addr);
  const server: TamnaServer = {
    ocppUrl: urlOf("ws", ocpp.ocpp.addr),
    ocppTlsUrl: ocpp.ocppTls && urlOf("wss", ocpp.ocppTls.addr),
    mtlsUrl: ocpp.mtls && urlOf("wss", { ...ocpp.mtls.addr, transport: "tcp" }),
    httpUrl: urlOf("http", http.addr),
    setupUrl: httpAccess.setupToken &&
      `${urlOf("http", http.addr)}/#setup=${httpAccess.setupToken}`,
    csms,
    bus,
    view,
    commands,
    supervisor,
    persistence,
    plugins,
    security,
    accounts: httpAccess.accounts,
    audit: httpAccess.audit,
    network,
    devices,
    cluster,
    async close() {
      await csms.close();
      await supervisor.stopAll();
      await cluster?.close();
      await network?.localLists.idle();
      await devices?.idle();
      devices?.close();
      httpAbort.abort();
      await Promise.all([ocpp.shutdown(), http.shutdown()]);
      await plugins.stop();
      // An injected database belongs to the caller; only one opened here is closed here.
      if (overrides.persistence === undefined) await persistence?.close();
    },
  };
  log.info`OCPP endpoint ${server.ocppUrl}/<chargerId>, HTTP ${server.httpUrl}`;
  return server;
}

/** The HTTP API's accounts and audit log, and the first-run token while there is no account. */
interface HttpAccess {
  accounts: AccountStore;
  audit: AuditLog;
  setupToken?: string;
}

/**
 * Opens the accounts (the database's, or memory without one) and refuses an HTTP API off
 * loopback that nobody could sign in to but anyone could reach, unless `insecureHttp` says so.
 */
async function openHttpAccess(
  config: ServerConfig,
  persistence: Persistence | null,
  clock: Clock,
): Promise<HttpAccess> {
  const accounts = persistence
    ? sqlAccountStore(persistence.db)
    : createMemoryAccountStore(() => clock.now());
  const audit = persistence ? sqlAuditLog(persistence.db) : createMemoryAuditLog();
  const host = httpHostOf(config);
  const hasCredential = config.apiToken !== undefined || await accounts.hasCredentials();
  if (!isLoopbackHost(host) && !config.insecureHttp && !hasCredential) {
    throw new ConfigError(
      `the HTTP API on ${host} would be open to the network: create an account first ` +
        `(deno task create-admin), set --api-token, keep --http-host 127.0.0.1, or pass ` +
        `--insecure-http (docs/security.md)`,
    );
  }
  const setupToken = (await accounts.countAccounts()) === 0 ? newSecret() : undefined;
  return { accounts, audit, setupToken };
}

/** Joins the cluster `config.natsUrl` names; undefined (one node alone) without one. */
function joinClusterIfAsked(
  config: ServerConfig,
  deps: { csms: Csms; bus: Bus; clock: Clock },
): Promise<ClusterNode | undefined> {
  if (config.natsUrl === undefined) return Promise.resolve(undefined);
  return joinCluster(deps.csms, {
    bus: deps.bus,
    callTimeoutMs: config.callTimeoutMs,
    now: () => deps.clock.now(),
  }, {
    natsUrl: config.natsUrl,
    clusterName: config.clusterName,
    nodeId: config.nodeId,
    extraEvents: ["smart-charging.allocated"],
  });
}

/** The pricing plugin's flat price, for the statistics to show; undefined when it is off. */
function pricingTariff(section: unknown): number | undefined {
  const parsed = PricingConfig.safeParse(section ?? {});
  return section !== false && parsed.success ? parsed.data.priceKrwPerKwh : undefined;
}
