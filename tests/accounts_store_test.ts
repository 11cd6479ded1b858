/**
 * The account store and audit log contract, run against the database (PGlite, and PostgreSQL
 * when reachable) and the in-memory twin: accounts, first-run creation, sessions with expiry,
 * API tokens with revocation, and audit entries read back newest first with filters.
 */
import assert from "node:assert/strict";
import {
  AccountExistsError,
  type AccountStore,
  type AuditEntry,
  type AuditLog,
} from "../actors/csms/accounts.ts";
import { createMemoryAccountStore, createMemoryAuditLog } from "../actors/csms/memory_accounts.ts";
import { sqlAccountStore, sqlAuditLog } from "../plugins/persistence/accounts.ts";
import { dbTest } from "./persistence_helpers.ts";

const HASH =
  "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const T0 = "2026-01-20T10:00:00.000Z";
const T1 = "2026-01-20T11:00:00.000Z";
const T2 = "2026-01-20T12:00:00.000Z";

async function accountsContract(store: AccountStore): Promise<void> {
  assert.equal(await store.countAccounts(), 0);
  assert.equal(await store.hasCredentials(), false);
  assert.equal(
    await store.createFirstAccount({ username: "root", role: "admin", passwordHash: HASH }),
    true,
  );
  assert.equal(
    await store.createFirstAccount({ username: "second", role: "admin", passwordHash: HASH }),
    false,
    "only while there is no account",
  );
  await store.createAccount({ username: "ops", role: "operator", passwordHash: HASH });
  await assert.rejects(
    () => store.createAccount({ username: "ops", role: "viewer", passwordHash: HASH }),
    AccountExistsError,
  );
  assert.deepEqual((await store.listAccounts()).map((a) => [a.username, a.role]), [
    ["ops", "operator"],
    ["root", "admin"],
  ]);
  assert.equal(await store.hasCredentials(), true);
  assert.equal((await store.getAccount("ops"))?.passwordHash, HASH);
  assert.equal(await store.getAccount("nobody"), undefined);

  await store.createSession({ digest: "d1", username: "ops", createdAt: T0, expiresAt: T1 });
  assert.deepEqual(await store.findSession("d1", T0), {
    username: "ops",
    role: "operator",
    expiresAt: T1,
  });
  assert.equal(await store.findSession("d1", T1), undefined, "expired at expiresAt");
  assert.equal(await store.findSession("nope", T0), undefined);
  const updated = await store.updateAccount("ops", { role: "viewer" });
  assert.equal(updated?.role, "viewer");
  assert.equal(
    (await store.findSession("d1", T0))?.role,
    "viewer",
    "a role change applies at once",
  );
  await store.updateAccount("ops", { isDisabled: true });
  assert.equal(await store.findSession("d1", T0), undefined, "a disabled account has no session");
  await store.updateAccount("ops", { isDisabled: false });
  await store.createSession({ digest: "d2", username: "ops", createdAt: T0, expiresAt: T2 });
  await store.deleteSessionsOf("ops");
  assert.equal(await store.findSession("d2", T0), undefined);
  await store.createSession({ digest: "d3", username: "root", createdAt: T0, expiresAt: T1 });
  await store.createSession({ digest: "d4", username: "root", createdAt: T0, expiresAt: T2 });
  assert.equal(await store.deleteExpiredSessions(T1), 1);
  assert.ok(await store.findSession("d4", T1));
  await store.deleteSession("d4");
  assert.equal(await store.findSession("d4", T1), undefined);

  assert.equal(await store.deleteAccount("ops"), true);
  assert.equal(await store.deleteAccount("ops"), false);
  assert.equal(await store.countAccounts(), 1);
}

async function tokensContract(store: AccountStore): Promise<void> {
  await store.createApiToken({
    id: "t1",
    name: "billing export",
    role: "viewer",
    digest: "td1",
    createdBy: "root",
    createdAt: T0,
  });
  assert.equal(await store.hasCredentials(), true, "an unrevoked token is a credential");
  assert.deepEqual(await store.useApiToken("td1", T1), {
    id: "t1",
    name: "billing export",
    role: "viewer",
  });
  assert.equal(await store.useApiToken("other", T1), undefined);
  const [listed] = await store.listApiTokens();
  assert.equal(listed.lastUsedAt, T1);
  assert.equal(listed.revokedAt, null);
  assert.ok(!("digest" in listed), "the digest is never listed");
  assert.equal(await store.revokeApiToken("t1", T2), true);
  assert.equal(await store.revokeApiToken("t1", T2), false, "once");
  assert.equal(await store.useApiToken("td1", T2), undefined, "a revoked token opens nothing");
  assert.equal((await store.listApiTokens())[0].revokedAt, T2);
  assert.equal(await store.hasCredentials(), false);
}

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    at: T0,
    actor: "ops",
    actorKind: "session",
    role: "operator",
    method: "POST",
    path: "/chargers/emart_jeju_01/control",
    action: "reset",
    chargerId: "emart_jeju_01",
    target: "emart_jeju_01",
    status: 200,
    result: "ok",
    remoteAddress: "127.0.0.1",
    requestId: "r1",
    ...overrides,
  };
}

async function auditContract(log: AuditLog): Promise<void> {
  await log.record(entry({}));
  await log.record(entry({ at: T1, actor: "root", chargerId: null, target: "ops", status: 403 }));
  await log.record(entry({ at: T2, chargerId: "emart_jeju_02", target: "emart_jeju_02" }));
  const all = await log.list({ limit: 10 });
  assert.deepEqual(all.map((e) => e.at), [T2, T1, T0], "newest first");
  assert.deepEqual({ ...all[2], id: 0 }, { ...entry({}), id: 0 });
  assert.deepEqual((await log.list({ limit: 10, actor: "root" })).map((e) => e.status), [403]);
  assert.equal((await log.list({ limit: 10, chargerId: "emart_jeju_01" })).length, 1);
  assert.equal((await log.list({ limit: 1 })).length, 1);
  assert.deepEqual(
    (await log.list({ limit: 10, beforeId: all[0].id })).map((e) => e.id),
    [all[1].id, all[2].id],
  );
  assert.deepEqual((await log.list({ limit: 10, from: T1, to: T2 })).map((e) => e.at), [T1]);
}

Deno.test("createMemoryAccountStore() keeps the account store contract", async () => {
  await accountsContract(createMemoryAccountStore());
  await tokensContract(createMemoryAccountStore());
  await auditContract(createMemoryAuditLog());
});

dbTest(
  "sqlAccountStore() keeps accounts, sessions with expiry and revocable API tokens",
  async (t) => {
    await accountsContract(sqlAccountStore(t.db));
  },
);

dbTest(
  "sqlAccountStore() stores API tokens by digest, records their use and revokes them",
  async (t) => {
    await tokensContract(sqlAccountStore(t.db));
  },
);

dbTest(
  "sqlAuditLog() stores entries and lists them newest first, by actor, charger and time",
  async (t) => {
    await auditContract(sqlAuditLog(t.db));
  },
);

dbTest(
  "sqlAccountStore().createFirstAccount() creates one account when two setups race",
  async (t) => {
    const store = sqlAccountStore(t.db);
    const results = await Promise.all(
      ["a", "b", "c"].map((username) =>
        store.createFirstAccount({ username, role: "admin", passwordHash: HASH })
      ),
    );
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(await store.countAccounts(), 1);
  },
);
