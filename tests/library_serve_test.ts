// `deno task serve --simulate N` as a user runs it: a child process with the CSMS and the Emart
// Jeju fleet, a REST start, Ctrl-C, and the session found ended and stored in the database
// afterwards. Real time: PGlite's first start and a short charge take a few seconds.
import assert from "node:assert/strict";
import { startCsms } from "../mod.ts";
import { denoRunArgs, MAIN } from "./support/deno_task.ts";

const ROOT = new URL("..", import.meta.url);

/** Reads the child's stdout line by line until `pattern` matches; returns the match. */
async function waitForLine(
  lines: AsyncIterator<string>,
  pattern: RegExp,
  seen: string[],
): Promise<RegExpMatchArray> {
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error(`serve ended before printing ${pattern}:\n${seen.join("\n")}`);
    seen.push(next.value);
    const match = next.value.match(pattern);
    if (match) return match;
  }
}

async function* splitLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const TOKEN = "library-serve-test-token";

Deno.test("serve --simulate 3 runs the CSMS and the fleet together; Ctrl-C ends and stores the open session", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "tamna_simulate_" });
  const configFile = `${dataDir}/tamna.json`;
  await Deno.writeTextFile(configFile, "{}");
  const child = new Deno.Command(Deno.execPath(), {
    cwd: ROOT,
    args: denoRunArgs("serve", MAIN, [
      "serve",
      "--simulate",
      "3",
      ...["--ocpp-port", "0", "--http-port", "0", "--host", "127.0.0.1"],
      ...["--data-dir", dataDir, "--config", configFile],
    ]),
    env: {
      DATABASE_URL: "",
      API_TOKEN: TOKEN,
      OCPP_PROTOCOL_DEBUG: "false",
      OCPP_LOG_LEVEL: "ERROR",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const seen: string[] = [];
  let isExited = false;
  try {
    const lines = splitLines(child.stdout)[Symbol.asyncIterator]();
    const [, httpUrl] = await waitForLine(
      lines,
      /^Simulating 3 Emart Jeju chargers; watch them at (http:\/\/127\.0\.0\.1:\d+)\/$/,
      seen,
    );
    const json = (path: string, init?: RequestInit) =>
      fetch(`${httpUrl}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${TOKEN}`, ...init?.headers },
      }).then((r) => r.json());
    await until(async () => (await json("/health")).connected_chargers === 3, "3 connected");
    const { chargers } = await json("/chargers") as { chargers: { connected: boolean }[] };
    assert.equal(chargers.filter((c) => c.connected).length, 3);
    const started = await json("/chargers/emart_jeju_01/start", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ evse_id: 1, connector_id: 1 }),
    });
    assert.equal(started.ocpp_status, "Accepted", JSON.stringify(started));
    await until(
      async () => (await json("/chargers/emart_jeju_01")).current_transaction !== null,
      "the session at the CSMS",
    );
    child.kill("SIGINT");
    await waitForLine(lines, /^Shutting down…$/, seen);
    const status = await child.status;
    isExited = true;
    assert.equal(status.code, 0, `${seen.join("\n")}\n${await stderr}`);
  } finally {
    if (!isExited) {
      child.kill("SIGKILL");
      await child.status;
    }
    await stderr;
  }
  try {
    await using csms = await startCsms({ database: { dataDir }, apiToken: TOKEN });
    const history = await fetch(`${csms.httpUrl}/transactions?charger_id=emart_jeju_01`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
      .then((r) => r.json());
    assert.equal(history.count, 1, JSON.stringify(history));
    const [tx] = history.transactions;
    assert.equal(tx.stopped_reason, "Other"); // switched off by its operator, not PowerLoss
    assert.notEqual(tx.end_time, null);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
