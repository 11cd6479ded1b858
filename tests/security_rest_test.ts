/**
 * REST hardening: request bodies capped with a JSON 413, the bearer token checked in
 * constant time (hash, then compare every byte), and no stack trace in any answer.
 */
import assert from "node:assert/strict";
import { isSameSecret } from "../routes/auth.ts";
import { createApp } from "../routes/app.ts";
import { AUTH, startTestServer, TEST_API_TOKEN } from "./helpers.ts";

Deno.test("REST bodies over maxBodyBytes get 413 JSON, announced or streamed; smaller ones pass", async () => {
  const server = await startTestServer({ maxBodyBytes: 1024 });
  try {
    const url = `${server.httpUrl}/chargers/cs_none/start`;
    const big = JSON.stringify({ id_token: "x".repeat(2000) });
    const announced = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...AUTH },
      body: big,
    });
    assert.equal(announced.status, 413);
    assert.deepEqual(await announced.json(), {
      status: "error",
      error: "Request body is larger than 1024 bytes",
    });
    const bytes = new TextEncoder().encode(big);
    const streamed = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...AUTH },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 256) controller.enqueue(bytes.slice(i, i + 256));
          controller.close();
        },
      }),
    });
    assert.equal(streamed.status, 413);
    await streamed.body?.cancel();
    const small = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...AUTH },
      body: JSON.stringify({ id_token: "card_1" }),
    });
    assert.notEqual(small.status, 413);
    await small.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("REST bearer token: missing or wrong is 401, right passes; isSameSecret() hashes before comparing", async () => {
  const token = "a-long-api-token-0001";
  const server = await startTestServer({ apiToken: token });
  try {
    const post = (authorization?: string) =>
      fetch(`${server.httpUrl}/chargers/cs_none/start`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization && { authorization }) },
        body: "{}",
      });
    for (
      const header of [undefined, "Bearer a-long-api-token-0002", "Bearer a", `Basic ${token}`]
    ) {
      const response = await post(header);
      assert.equal(response.status, 401, String(header));
      await response.body?.cancel();
    }
    const right = await post(`Bearer ${token}`);
    assert.notEqual(right.status, 401);
    await right.body?.cancel();
  } finally {
    await server.close();
  }
  assert.equal(await isSameSecret("abc", "abc"), true);
  assert.equal(await isSameSecret("abc", "abd"), false);
  assert.equal(await isSameSecret("abc", "abc".repeat(1000)), false, "lengths differ");
  assert.equal(await isSameSecret("", ""), true);
});

Deno.test("REST answers never carry a stack trace: a throwing route gives a bare 500, bad JSON a 400", async () => {
  const server = await startTestServer();
  const app = createApp({
    csms: server.csms,
    bus: server.bus,
    startedAtMs: 0,
    now: Date.now,
    apiToken: TEST_API_TOKEN,
  });
  app.get("/boom", () => {
    throw new Error("secret internals in /srv/tamna/routes/boom.ts");
  });
  const quiet = console.error;
  console.error = () => {}; // the handler logs the error with its request id; not for this output
  try {
    const boom = await app.request("/boom", { headers: AUTH });
    assert.equal(boom.status, 500);
    const text = await boom.text();
    assert.deepEqual(JSON.parse(text), { status: "error", error: "Internal server error" });
    assert.ok(!/secret|\.ts|at /.test(text));
    const bad = await fetch(`${server.httpUrl}/chargers/cs_none/start`, {
      method: "POST",
      headers: { "content-type": "application/json", ...AUTH },
      body: '{"id_token": ',
    });
    const body = await bad.text();
    assert.ok(bad.status >= 400 && bad.status < 500, `${bad.status} ${body}`);
    assert.ok(!/\.ts:\d+|at \w+ \(/.test(body), body);
  } finally {
    console.error = quiet;
    await server.close();
  }
});
