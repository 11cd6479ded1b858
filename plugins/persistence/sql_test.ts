import assert from "node:assert/strict";
import { MAX_JSON_DEPTH, pgArray, pgJson, pgJsonRows } from "./sql.ts";

Deno.test("pgArray() quotes strings, prints numbers and booleans, and escapes only what needs it", () => {
  assert.equal(pgArray(["a", "", "NULL", null, undefined]), '{"a","","NULL",NULL,NULL}');
  assert.equal(pgArray([1.5, -2, NaN, Infinity, 0]), "{1.5,-2,NULL,NULL,0}");
  assert.equal(pgArray([true, false]), "{true,false}");
  assert.equal(pgArray(['say "hi"', "a\\b"]), '{"say \\"hi\\"","a\\\\b"}');
  assert.equal(
    pgArray(["x\u0000y", "lone\ud800", "pair 😀"]),
    '{"x\ufffdy","lone\ufffd","pair 😀"}',
  );
  assert.equal(pgArray([]), "{}");
});

Deno.test("pgJson() leaves a storable document as JSON.stringify writes it", () => {
  const payload = {
    eventType: "Updated",
    meterValue: [{ sampledValue: [{ value: 1 }] }],
    s: "한글 😀",
  };
  assert.equal(pgJson(payload), JSON.stringify(payload));
  assert.equal(pgJson(null), "null");
  assert.equal(pgJson("text"), '"text"');
  assert.equal(pgJson({ path: "C:\\u0000" }), JSON.stringify({ path: "C:\\u0000" }));
});

Deno.test("pgJson() replaces U+0000 and lone surrogates, in keys and values, and cuts deep nesting", () => {
  assert.deepEqual(JSON.parse(pgJson({ "k\u0000": ["v\u0000", "w\udc00"] })), {
    "k\ufffd": ["v\ufffd", "w\ufffd"],
  });
  let deep: unknown = "leaf";
  for (let i = 0; i < MAX_JSON_DEPTH + 5; i++) deep = [deep];
  const text = pgJson(deep);
  assert.ok(text.includes('"[nested too deep]"'));
  assert.equal(
    text.split("[").length - 1,
    MAX_JSON_DEPTH + 1,
    "32 arrays and the marker's bracket",
  );
  let ok: unknown = 1;
  for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { a: ok };
  assert.equal(pgJson(ok), JSON.stringify(ok), "exactly the limit is kept whole");
  // brackets inside strings do not count as nesting
  assert.equal(pgJson({ s: "[".repeat(100) }), JSON.stringify({ s: "[".repeat(100) }));
});

Deno.test("pgJson() finds deep nesting after strings with quotes, brackets or a last backslash", () => {
  let deep: unknown = "leaf";
  for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = { a: deep };
  // each string must end where JSON ends it, or the nesting behind it would go unseen
  for (const s of ["ends in a backslash \\", 'a quote " then [[[ and {{{', "\\\\", '\\"']) {
    assert.ok(pgJson({ s, deep }).includes('"[nested too deep]"'), JSON.stringify(s));
  }
});

Deno.test("pgJsonRows() sends rows as JSON.stringify writes them, made storable only when needed", () => {
  const rows = [{ c: "a", n: 1, payload: { x: [1] }, missing: undefined }, { c: "b", n: 2 }];
  assert.equal(pgJsonRows(rows), JSON.stringify(rows));
  let deep: unknown = "leaf";
  for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = [deep];
  const [row] = JSON.parse(pgJsonRows([{ "k\u0000": "v\ud800", payload: deep }]));
  assert.equal(row["k\ufffd"], "v\ufffd");
  assert.equal(JSON.stringify(row.payload), pgJson(deep), "a value is cut as pgJson cuts it");
  let ok: unknown = 1;
  for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
  assert.equal(pgJsonRows([{ payload: ok }]), JSON.stringify([{ payload: ok }]));
});
