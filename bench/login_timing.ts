/**
 * How long a refused OCPP login takes, by kind of identity: a wrong password for an identity
 * that has a password hash, and any password for an identity that has none (unknown). If the
 * two differ, the time alone tells an attacker which identities exist (issue 20, item 7). Also
 * fires a burst of parallel wrong passwords at one identity and counts how many were checked.
 *
 *   deno run --allow-net --allow-read --allow-env --allow-sys --allow-run \
 *     bench/login_timing.ts [--rounds 15] [--burst 300]
 */
import { parseArgs } from "node:util";
import { basicAuthHeader } from "../actors/ocpp/basic_auth.ts";
import { hashPassword } from "../actors/csms/password.ts";
import { ServerConfig } from "../config.ts";
import { startServer } from "../server.ts";
import { rawUpgrade } from "../tests/security_helpers.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { rounds: { type: "string", default: "15" }, burst: { type: "string", default: "300" } },
});
const rounds = Number(values.rounds);
const burst = Number(values.burst);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(url: string, chargerId: string): Promise<number> {
  const startedMs = performance.now();
  const answer = await rawUpgrade(`${url}/${chargerId}`, {
    Authorization: basicAuthHeader(chargerId, "Wrong-Password-000001"),
  });
  if (answer.status !== 401) throw new Error(`${chargerId}: expected 401, got ${answer.status}`);
  return performance.now() - startedMs;
}

/** A server on loopback, without a database, with `config` on top. */
function start(config: Record<string, unknown>) {
  return startServer(
    ServerConfig.parse({
      host: "127.0.0.1",
      ocppPort: 0,
      httpPort: 0,
      logLevel: "ERROR",
      ...config,
    }),
    { persistence: null, isThreadShared: true },
  );
}

/** Sequential refusals, alternating known and unknown ids, with a limiter that never blocks. */
async function measureTiming(): Promise<{ knownMs: number; unknownMs: number }> {
  const server = await start({
    securityProfile: 1,
    stations: { known_01: { passwordHash: await hashPassword("Right-Password-000001") } },
    authRateLimit: { maxFailures: 1_000_000, windowS: 60, blockS: 1 },
  });
  try {
    const known: number[] = [];
    const unknown: number[] = [];
    await timed(server.ocppUrl, "known_01"); // warm-up
    for (let i = 0; i < rounds; i++) {
      known.push(await timed(server.ocppUrl, "known_01"));
      unknown.push(await timed(server.ocppUrl, `unknown_${i}`));
    }
    return { knownMs: median(known), unknownMs: median(unknown) };
  } finally {
    await server.close();
  }
}

/** `burst` parallel wrong passwords for one identity from one address, default limits. */
async function measureBurst(): Promise<Map<number, number>> {
  const server = await start({
    stations: {
      burst_01: { securityProfile: 1, passwordHash: await hashPassword("Right-Password-000001") },
    },
  });
  try {
    const answers = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        rawUpgrade(`${server.ocppUrl}/burst_01`, {
          Authorization: basicAuthHeader("burst_01", `Wrong-Password-${String(i).padStart(6)}`),
        })),
    );
    const statuses = new Map<number, number>();
    for (const { status } of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    return statuses;
  } finally {
    await server.close();
  }
}

const { knownMs, unknownMs } = await measureTiming();
console.log(
  `refused login, median of ${rounds}: wrong password for an id with a hash ${
    knownMs.toFixed(1)
  } ms, unknown id ${unknownMs.toFixed(1)} ms (ratio ${(knownMs / unknownMs).toFixed(2)})`,
);
const statuses = await measureBurst();
console.log(
  `${burst} parallel wrong passwords for one id: ${
    [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${n} × ${s}`).join(", ")
  }`,
);
