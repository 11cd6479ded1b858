/**
 * The cluster as it runs in production, short enough for CI: three `serve` processes on one
 * PostgreSQL database and NATS behind HAProxy, 30 simulated chargers spread by the balancer.
 * Commands and the live feed cross nodes; a node killed with -9 mid-session loses no
 * TransactionEvent and stores none twice (each session's energy in the database equals the
 * simulator's own count); the site cap holds after its leader dies; a rolling restart of every
 * node loses no session. `CLUSTER_CHARGERS=300` runs the full-size version (`deno task
 * cluster-test`).
 */
import assert from "node:assert/strict";
import { createFleet, type FleetHandle } from "../sim/library/create_fleet.ts";
import { isPostgresReachable, openTestDb, type TestDb } from "./persistence_helpers.ts";
import { isNatsReachable, NATS_URL } from "./cluster_helpers.ts";
import { hasHaproxy, startTestCluster, type TestCluster } from "./cluster_harness.ts";

const CHARGERS = Number(Deno.env.get("CLUSTER_CHARGERS") ?? 30);
const SITE = "emart_jeju_main";
const SITE_CAP_KW = 300;
/** The site's chargers among the first CHARGERS of the fleet (emart_jeju_01 … 12). */
const SITE_CHARGERS = Array.from(
  { length: 12 },
  (_, i) => `emart_jeju_${String(i + 1).padStart(2, "0")}`,
);

/** What the simulator itself counted per transaction: events sent and energy delivered. */
interface SimSession {
  chargerId: string;
  seqNos: Set<number>;
  startWh?: number;
  endWh?: number;
  isEnded: boolean;
}

/** Every session the simulator ran, and the TransactionEvents each charger gave up on. */
interface SimRecord {
  sessions: Map<string, SimSession>;
  /**
   * Events the CSMS refused (shed under overload: "retry later") MessageAttempts times, after
   * which the charger drops them (E04). Refused, not lost: the CSMS never acknowledged them.
   */
  givenUp: Map<string, number>;
}

function recordSessions(fleet: FleetHandle): SimRecord {
  const sessions = new Map<string, SimSession>();
  const givenUp = new Map<string, number>();
  for (const charger of fleet.chargers) {
    charger.on("rejected", (e) => {
      if (e.command !== "TransactionEvent") return;
      givenUp.set(charger.chargerId, (givenUp.get(charger.chargerId) ?? 0) + 1);
    });
    let last: { session: SimSession; eventType: string } | undefined;
    charger.on("transaction", (e) => {
      const session = sessions.get(e.transactionId) ??
        { chargerId: charger.chargerId, seqNos: new Set(), isEnded: false };
      sessions.set(e.transactionId, session);
      session.seqNos.add(e.seqNo);
      if (e.eventType === "Ended") session.isEnded = true;
      last = { session, eventType: e.eventType };
    });
    // The meter event right after a transaction event carries the register it sent.
    charger.on("meter", (e) => {
      if (last?.eventType === "Started") last.session.startWh = e.readings.energyWh;
      if (last?.eventType === "Ended") last.session.endWh = e.readings.energyWh;
      last = undefined;
    });
  }
  return { sessions, givenUp };
}

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs: number) {
  // Bounded polling of real processes: restarts and reconnects take seconds, and longer with
  // more chargers on the same two cores.
  timeoutMs *= Math.max(1, Math.ceil(CHARGERS / 100));
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function post(cluster: TestCluster, base: string, path: string, body: unknown = {}) {
  const response = await cluster.api(base, path, { method: "POST", body: JSON.stringify(body) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
}

/** Starts a session on every charger through the balancer's HTTP front. */
async function startAll(cluster: TestCluster, fleet: FleetHandle): Promise<void> {
  for (const charger of fleet.chargers) {
    if (charger.transactionId !== undefined) continue;
    const answer = await post(cluster, cluster.httpUrl, `/chargers/${charger.chargerId}/start`, {
      evse_id: 1,
    });
    assert.equal(answer.status, 200, `start ${charger.chargerId}: ${JSON.stringify(answer.body)}`);
  }
}

/**
 * Stops every session through node 1, waits until the database holds each one ended, and
 * compares: per charger, every TransactionEvent the simulator sent is stored exactly once
 * unless the CSMS refused it and the charger gave up; per session, the stored energy equals the
 * simulator's own register difference.
 */
async function stopAllAndCompare(
  cluster: TestCluster,
  db: TestDb,
  sim: SimRecord,
  fleet: FleetHandle,
): Promise<void> {
  for (const charger of fleet.chargers) {
    if (charger.transactionId === undefined) continue;
    const answer = await post(
      cluster,
      cluster.nodes[0].httpUrl,
      `/chargers/${charger.chargerId}/stop`,
    );
    assert.equal(answer.status, 200, `stop ${charger.chargerId}: ${JSON.stringify(answer.body)}`);
  }
  const stored = () =>
    db.db.query<
      {
        charger_id: string;
        transaction_id: string;
        energy_wh: number | null;
        events: number;
        ended: boolean;
      }
    >(
      `SELECT t.charger_id, t.transaction_id, t.energy_wh::int AS energy_wh,
         t.ended_at IS NOT NULL AS ended,
         (SELECT count(*)::int FROM transaction_events e
           WHERE e.charger_id = t.charger_id AND e.transaction_id = t.transaction_id) AS events
       FROM transactions t`,
    );
  /**
   * Per charger, the events not accounted for: every event the simulator sent and did not give
   * up on must be stored, and nothing beyond what it sent (a given-up event may be stored too:
   * stored, then its answer lost in a restart, then its resend refused under load).
   */
  const unaccounted = (rows: Awaited<ReturnType<typeof stored>>) => {
    const sent = new Map<string, number>();
    const kept = new Map<string, number>();
    const add = (map: Map<string, number>, id: string, n: number) =>
      map.set(id, (map.get(id) ?? 0) + n);
    for (const session of sim.sessions.values()) add(sent, session.chargerId, session.seqNos.size);
    for (const row of rows) add(kept, row.charger_id, row.events);
    return [...sent].map(([id, n]) => {
      const stored = kept.get(id) ?? 0;
      return { id, sent: n, givenUp: sim.givenUp.get(id) ?? 0, stored };
    }).filter((c) => c.stored > c.sent || c.stored < c.sent - c.givenUp);
  };
  let why = "";
  await until("every session ended in the simulator and the database", async () => {
    const open = [...sim.sessions].filter(([, s]) => !s.isEnded).map(([id]) => id);
    const rows = await stored();
    const off = unaccounted(rows);
    why = `simulator open: ${open.slice(0, 5)} (${open.length}); database rows ${rows.length} ` +
      `of ${sim.sessions.size}, open ${rows.filter((r) => !r.ended).length}; unaccounted ` +
      `events by charger: ${JSON.stringify(off.slice(0, 5))}`;
    return open.length === 0 && rows.length === sim.sessions.size && rows.every((r) => r.ended) &&
      off.length === 0;
  }, 30_000).catch((error) => {
    throw new Error(`${error.message}: ${why}`);
  });
  for (const row of await stored()) {
    const session = sim.sessions.get(row.transaction_id)!;
    assert.equal(row.energy_wh, session.endWh! - session.startWh!, `${row.transaction_id}: energy`);
  }
}

/** Each site charger's status, power and limit, for a failure message. */
function siteChargers(fleet: FleetHandle): string {
  return SITE_CHARGERS.map((id) => {
    const charger = fleet.charger(id);
    const meter = charger?.meter();
    const limit = meter?.limitW == null ? "no limit" : `limit ${meter.limitW / 1000} kW`;
    return `${id} ${charger?.status} ${(meter?.powerW ?? 0) / 1000} kW (${limit})`;
  }).join(", ");
}

/** What the site's charging chargers may draw together under their limits, kW. */
function siteAllowedKw(fleet: FleetHandle): number {
  return SITE_CHARGERS.reduce((sum, id) => {
    const charger = fleet.charger(id);
    if (charger?.status !== "Charging") return sum;
    return sum + Math.min(charger.maxPowerKw, (charger.meter().limitW ?? Infinity) / 1000);
  }, 0);
}

/** The simulator's own power at the site, kW. */
function sitePowerKw(fleet: FleetHandle): number {
  return SITE_CHARGERS.reduce((sum, id) => sum + (fleet.charger(id)?.meter().powerW ?? 0), 0) /
    1000;
}

Deno.test({
  name: "cluster of 3 behind HAProxy: cross-node commands and feed, kill -9 and rolling restart",
  ignore: !isPostgresReachable || !isNatsReachable || !hasHaproxy(),
  async fn(t) {
    const db = await openTestDb("postgres");
    const cluster = await startTestCluster({
      databaseUrl: db.url!,
      natsUrl: NATS_URL,
      nodes: 3,
      config: {
        pluginConfig: { "smart-charging": { sites: { [SITE]: { capacityKw: SITE_CAP_KW } } } },
      },
    }).catch(async (error) => {
      await db.dispose();
      throw error;
    });
    let fleet: FleetHandle | undefined;
    const feed = new AbortController();
    try {
      fleet = await createFleet({
        url: cluster.ocppUrl,
        count: CHARGERS,
        isAuto: false,
        speed: 20,
        seed: 17,
        bootTimeoutMs: 30_000,
      });
      const sim = recordSessions(fleet);
      const [n1, n2, n3] = cluster.nodes;

      await t.step("HAProxy spreads the chargers over the three nodes", async () => {
        const owners = await Promise.all(fleet!.chargers.map((c) => cluster.ownerOf(c.chargerId)));
        for (const node of cluster.nodes) {
          assert.ok(owners.includes(node.nodeId), `${node.nodeId} holds no charger: ${owners}`);
        }
      });

      await t.step(
        "a client that never finishes its request headers is cut off by the balancer",
        async () => {
          // Deno.serve has no header timeout (denoland/deno#3515): HAProxy's http-request one cuts
          // a slowloris client, with 408, and the nodes never see it.
          const conn = await Deno.connect({
            hostname: "127.0.0.1",
            port: Number(new URL(cluster.httpUrl).port),
          });
          try {
            await conn.write(
              new TextEncoder().encode("GET /health HTTP/1.1\r\nHost: tamna\r\nX-Slow: 1"),
            );
            const chunks: Uint8Array[] = [];
            const buffer = new Uint8Array(4096);
            // The clients' own timeout (60 s) would also end it: well before it, only the
            // header timeout can have.
            const cut = setTimeout(() => conn.close(), 30_000);
            try {
              for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
                chunks.push(buffer.slice(0, n));
              }
            } finally {
              clearTimeout(cut);
            }
            const answer = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
            assert.match(answer, /^HTTP\/1\.[01] 408/, `answer: ${answer.slice(0, 80)}`);
          } finally {
            try {
              conn.close();
            } catch {
              // The balancer closed it first.
            }
          }
        },
      );

      await t.step(
        "a REST start through node 1 reaches a charger on node 3; node 2's feed sees it",
        async () => {
          let target: string | undefined;
          for (const c of fleet!.chargers) {
            if (await cluster.ownerOf(c.chargerId) === n3.nodeId) target ??= c.chargerId;
          }
          assert.ok(target);
          const events = await cluster.api(n2.httpUrl, "/events", { signal: feed.signal });
          const seen = readUntil(
            events,
            (text) =>
              text.includes(`"charger_id":"${target}"`) && text.includes("transaction.started"),
          );
          const answer = await post(cluster, n1.httpUrl, `/chargers/${target}/start`, {
            evse_id: 1,
          });
          assert.equal(answer.status, 200, JSON.stringify(answer.body));
          assert.equal(answer.body.ocpp_status, "Accepted");
          assert.match(await seen, /transaction\.started/);
        },
      );

      await t.step(
        "kill -9 of the site's leader mid-session: nothing lost or doubled, cap held",
        async () => {
          await startAll(cluster, fleet!);
          const siteCharging = () =>
            SITE_CHARGERS.filter((id) => fleet!.charger(id)?.status === "Charging");
          // Settled: every session charging under a limit, and the limits within the cap (the
          // power alone can pass under the cap while a session without a limit still ramps).
          await until("the site's 12 sessions share the cap", () => {
            const kw = sitePowerKw(fleet!);
            return siteCharging().length === 12 && kw > 0 &&
              siteAllowedKw(fleet!) <= SITE_CAP_KW * 1.05;
          }, 20_000).catch((error) => {
            throw new Error(`${error.message}: ${siteChargers(fleet!)}`);
          });
          const leader = await cluster.leaderOf(SITE);
          assert.ok(leader, "the site has a leader");
          // The cap holds throughout: the chargers keep their limits while nobody leads.
          const capHeld = (when: string) => {
            const kw = sitePowerKw(fleet!);
            assert.ok(
              kw <= SITE_CAP_KW * 1.05,
              `site power ${kw} kW over the cap ${when}: ${siteChargers(fleet!)}`,
            );
            return kw;
          };
          await cluster.kill(leader);
          await until("every charger reconnected through the balancer", async () => {
            capHeld("while the chargers reconnect");
            const owners = await Promise.all(
              fleet!.chargers.map((c) => cluster.ownerOf(c.chargerId)),
            );
            return fleet!.chargers.every((c) => c.isConnected) && !owners.includes(leader);
          }, 30_000);
          await until("another node leads the site", async () => {
            capHeld("while the site has no leader");
            const next = await cluster.leaderOf(SITE);
            return next !== undefined && next !== leader;
          }, 20_000);
          // Half the site's sessions end: only a live leader gives their share to the other six
          // (12 × 25 kW before; 6 × 25 kW = 150 kW if nobody reallocated).
          for (const id of SITE_CHARGERS.slice(0, 6)) {
            const answer = await post(cluster, cluster.httpUrl, `/chargers/${id}/stop`);
            assert.equal(answer.status, 200, JSON.stringify(answer.body));
            capHeld(`after stopping ${id}`);
          }
          await until("the new leader raises the other six within the cap", () => {
            const kw = capHeld("after the stops");
            return siteCharging().length === 6 && kw > SITE_CAP_KW * 0.6;
          }, 20_000).catch((error) => {
            throw new Error(`${error.message}: ${siteChargers(fleet!)}`);
          });
          await cluster.start(leader);
          await stopAllAndCompare(cluster, db, sim, fleet!);
        },
      );

      await t.step("a rolling restart of all three nodes loses no session", async () => {
        await startAll(cluster, fleet!);
        for (const node of [n1, n2, n3]) {
          await cluster.stop(node.nodeId);
          await until("chargers back", () => fleet!.chargers.every((c) => c.isConnected), 30_000);
          await cluster.start(node.nodeId);
        }
        await stopAllAndCompare(cluster, db, sim, fleet!);
        assert.ok(sim.sessions.size >= 2 * CHARGERS, `sessions: ${sim.sessions.size}`);
        const givenUp = [...sim.givenUp.values()].reduce((a, b) => a + b, 0);
        console.log(
          `${sim.sessions.size} sessions; ${givenUp} TransactionEvents refused under load`,
        );
      });
    } finally {
      feed.abort();
      await fleet?.stop();
      await cluster.close();
      await db.dispose();
    }
  },
});

/** Reads a streamed response until `predicate` holds for the text so far; returns that text. */
async function readUntil(
  response: Response,
  predicate: (text: string) => boolean,
): Promise<string> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    while (!predicate(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the feed ended before the event:\n${text.slice(-500)}`);
      text += value;
    }
    return text;
  } finally {
    await reader.cancel().catch(() => {});
  }
}
