import assert from "node:assert/strict";
import { dbTest } from "../../tests/persistence_helpers.ts";
import { createStationLoader, loadStations } from "./load_station.ts";
import type { Db } from "./sql.ts";
import { saveTransactionEvent, type TransactionEventRecord } from "./transactions.ts";

const event = (
  chargerId: string,
  transactionId: string,
  eventType: "Started" | "Ended",
  seqNo = 0,
) =>
  ({
    chargerId,
    transactionId,
    seqNo,
    eventType,
    triggerReason: eventType === "Started" ? "Authorized" : "EVDeparted",
    timestamp: "2026-01-21T05:30:00Z",
    offline: false,
    evseId: 1,
    connectorId: 1,
    idToken: "token_1",
    energyWh: 1000 + seqNo,
    payload: {},
    receivedAt: "2026-01-21T05:30:00Z",
  }) satisfies TransactionEventRecord;

/** Three chargers: one booted with two open transactions and an ended one, one seeded, one pending. */
async function seed(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO chargers (charger_id, registration_status) VALUES
       ('cs1', 'Accepted'), ('cs2', NULL), ('cs3', 'Pending')`,
  );
  for (const e of [event("cs1", "a", "Started"), event("cs1", "b", "Started")]) {
    await saveTransactionEvent(db, e);
  }
  await saveTransactionEvent(db, event("cs1", "done", "Started"));
  await saveTransactionEvent(db, event("cs1", "done", "Ended", 1));
}

dbTest(
  "loadStations() reads each known charger's registration and open transactions, and skips ended ones",
  async ({ db }) => {
    await seed(db);
    const stations = await loadStations(db, ["cs1", "cs2", "cs3", "nobody"]);
    assert.deepEqual([...stations.keys()].sort(), ["cs1", "cs2", "cs3"], "unknown: absent");
    const cs1 = stations.get("cs1")!;
    assert.equal(cs1.registration, "Accepted");
    assert.deepEqual(cs1.openTransactions.map((t) => t.transactionId).sort(), ["a", "b"]);
    assert.deepEqual(cs1.openTransactions.find((t) => t.transactionId === "a"), {
      transactionId: "a",
      evseId: 1,
      connectorId: 1,
      idToken: "token_1",
      hasStartedEvent: true,
      meterStartWh: 1000,
      meterStartSeqNo: 0,
      firstWh: 1000,
      firstWhSeqNo: 0,
      lastEnergyWh: 1000,
      lastEnergySeqNo: 0,
      lastSeqNo: 0,
    });
    assert.deepEqual(stations.get("cs2"), { registration: undefined, openTransactions: [] });
    assert.equal(stations.get("cs3")?.registration, "Pending");
  },
);

dbTest(
  "createStationLoader() answers the calls of one turn with one query, each with its own station",
  async ({ db }) => {
    await seed(db);
    let queries = 0;
    const counting: Db = { ...db, query: (sql, params) => (queries++, db.query(sql, params)) };
    const load = createStationLoader(counting);
    const [cs1, again, cs3, nobody] = await Promise.all(
      ["cs1", "cs1", "cs3", "nobody"].map((id) => load(id)),
    );
    assert.equal(queries, 1);
    assert.equal(cs1?.openTransactions.length, 2);
    assert.deepEqual(again, cs1, "a charger asked twice gets its station twice");
    assert.equal(cs3?.registration, "Pending");
    assert.equal(nobody, undefined);
    await load("cs2");
    assert.equal(queries, 2, "a later turn asks again");
  },
);

dbTest("createStationLoader() fails every call of a turn whose query fails", async ({ db }) => {
  const failing: Db = { ...db, query: () => Promise.reject(new Error("connection refused")) };
  const load = createStationLoader(failing);
  const outcomes = await Promise.allSettled([load("cs1"), load("cs2")]);
  assert.deepEqual(outcomes.map((o) => o.status), ["rejected", "rejected"]);
});
