import assert from "node:assert/strict";
import { basicAuthHeader, parseBasicAuth } from "../ocpp/basic_auth.ts";
import { timingSafeEqual } from "./constant_time.ts";
import {
  createPasswordVerifier,
  generatePassword,
  hashPassword,
  isPasswordHash,
  MIN_ITERATIONS,
  parsePasswordHash,
  passwordProblem,
  verifyPassword,
} from "./password.ts";

Deno.test("hashPassword() writes a salted PBKDF2 hash that verifyPassword() accepts only for the same password", async () => {
  const a = await hashPassword("correct horse battery", { iterations: MIN_ITERATIONS });
  const b = await hashPassword("correct horse battery", { iterations: MIN_ITERATIONS });
  assert.match(a, /^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
  assert.notEqual(a, b, "a fresh salt each time");
  assert.ok(!a.includes("correct"));
  assert.equal(await verifyPassword("correct horse battery", a), true);
  assert.equal(await verifyPassword("correct horse batterY", a), false);
  assert.equal(await verifyPassword("", a), false);
});

Deno.test("hashPassword() uses 600,000 iterations by default", async () => {
  const hash = await hashPassword("0123456789abcdef");
  assert.equal(parsePasswordHash(hash)?.iterations, 600_000);
});

Deno.test("parsePasswordHash() refuses malformed hashes and weak iteration counts", async () => {
  const good = await hashPassword("0123456789abcdef", { iterations: MIN_ITERATIONS });
  assert.ok(isPasswordHash(good));
  for (
    const bad of [
      "",
      "plain-password",
      good.replace("pbkdf2-sha256", "pbkdf2-sha1"),
      good.replace("$100000$", "$99999$"),
      good.replace("$100000$", "$1000$"),
      `${good}x`,
      good.slice(0, -1),
    ]
  ) {
    assert.equal(isPasswordHash(bad), false, bad);
    assert.equal(await verifyPassword("0123456789abcdef", bad), false);
  }
  await assert.rejects(() => hashPassword("x", { iterations: 1000 }), RangeError);
});

Deno.test("timingSafeEqual() compares every byte and refuses different lengths", () => {
  assert.equal(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])), true);
  assert.equal(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])), false);
  assert.equal(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3])), false);
  assert.equal(timingSafeEqual(new Uint8Array(), new Uint8Array()), true);
});

Deno.test("passwordProblem() enforces OCPP's 16 to 40 characters; generatePassword() meets it", () => {
  assert.match(passwordProblem("short") ?? "", /16 to 40 characters, got 5/);
  assert.ok(passwordProblem("x".repeat(41)));
  assert.equal(passwordProblem("x".repeat(16)), undefined);
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const password = generatePassword();
    assert.match(password, /^[A-HJ-NP-Za-km-z2-9]{32}$/);
    assert.equal(passwordProblem(password), undefined);
    seen.add(password);
  }
  assert.equal(seen.size, 100);
});

Deno.test("parseBasicAuth() reads RFC 7617 credentials, keeps ':' in passwords, refuses junk", () => {
  assert.deepEqual(parseBasicAuth(basicAuthHeader("cs_001", "pa:ss:word")), {
    username: "cs_001",
    password: "pa:ss:word",
  });
  assert.deepEqual(parseBasicAuth(basicAuthHeader("충전기", "비밀번호비밀번호")), {
    username: "충전기",
    password: "비밀번호비밀번호",
  });
  assert.deepEqual(parseBasicAuth("basic Y3M6cA=="), { username: "cs", password: "p" });
  for (
    const bad of [
      null,
      "",
      "Bearer abc",
      "Basic",
      "Basic !!!",
      `Basic ${btoa("no-colon")}`,
      "Basic /w==", // 0xff: not UTF-8
      `Basic ${"A".repeat(2000)}`,
    ]
  ) {
    assert.equal(parseBasicAuth(bad), undefined, String(bad));
  }
});

Deno.test("createPasswordVerifier() checks real hashes, and answers false for none after the same PBKDF2 work", async () => {
  const hash = await hashPassword("correct horse battery", { iterations: MIN_ITERATIONS });
  const verifier = createPasswordVerifier(MIN_ITERATIONS);
  assert.equal(await verifier.verify("correct horse battery", hash), true);
  assert.equal(await verifier.verify("correct horse batterY", hash), false);
  assert.equal(await verifier.verify("correct horse battery", undefined), false);
  assert.equal(await verifier.verify("anything", "not-a-hash"), false);
});
