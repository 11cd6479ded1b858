/** `GET /chargers` and `GET /geo/chargers`: map-area (bbox) filter and paging. */
import assert from "node:assert/strict";
import { json, testApi } from "./api_helpers.ts";

// INVENTORY: charger_001 and emart_jeju_02 at Emart Jeju (126.53, 33.5), emart_shinjeju_01 at
// Shinjeju (126.49, 33.49).
const AROUND_JEJU_MAIN = "126.52,33.495,126.54,33.51";

Deno.test("GET /chargers pages in charger_id order and says where the next page starts", async () => {
  const api = testApi();
  const first = await json(await api.get("/chargers?limit=2"));
  assert.deepEqual(
    [first.count, first.total, first.offset, first.next_offset],
    [2, 3, 0, 2],
  );
  assert.deepEqual(
    (first.chargers as { charger_id: string }[]).map((c) => c.charger_id),
    ["charger_001", "emart_jeju_02"],
  );
  const last = await json(await api.get("/chargers?limit=2&offset=2"));
  assert.deepEqual([last.count, last.total, last.next_offset], [1, 3, null]);
  const all = await json(await api.get("/chargers"));
  assert.deepEqual([all.count, all.total, all.next_offset], [3, 3, null]);
});

Deno.test("GET /chargers?bbox= keeps the chargers inside the area, with the other filters", async () => {
  const api = testApi();
  const inside = await json(await api.get(`/chargers?bbox=${AROUND_JEJU_MAIN}`));
  assert.deepEqual(
    (inside.chargers as { charger_id: string }[]).map((c) => c.charger_id),
    ["charger_001", "emart_jeju_02"],
  );
  const offline = await json(await api.get(`/chargers?bbox=${AROUND_JEJU_MAIN}&status=offline`));
  assert.equal(offline.total, 2);
  const none = await json(await api.get(`/chargers?bbox=${AROUND_JEJU_MAIN}&status=charging`));
  assert.equal(none.total, 0);
});

Deno.test("GET /geo/chargers?bbox=&limit= answers a page of GeoJSON with its paging fields", async () => {
  const api = testApi();
  const page = await json(await api.get(`/geo/chargers?bbox=${AROUND_JEJU_MAIN}&limit=1`));
  assert.equal(page.type, "FeatureCollection");
  assert.deepEqual([page.total, page.offset, page.next_offset], [2, 0, 1]);
  assert.deepEqual((page.features as { id: string }[]).map((f) => f.id), ["charger_001"]);
  const whole = await json(await api.get("/geo/chargers"));
  assert.equal((whole.features as unknown[]).length, 3);
});

Deno.test("GET /chargers refuses a bad bbox, offset or limit with 400 naming it", async () => {
  const api = testApi();
  for (
    const [query, field] of [
      ["bbox=1,2,3", "bbox"],
      ["bbox=127,33,126,34", "bbox"], // west > east
      ["bbox=a,b,c,d", "bbox"],
      ["limit=0", "limit"],
      ["limit=10001", "limit"],
      ["offset=-1", "offset"],
    ]
  ) {
    for (const path of ["/chargers", "/geo/chargers"]) {
      const response = await api.get(`${path}?${query}`);
      assert.equal(response.status, 400, `${path}?${query}`);
      const body = await json(response);
      assert.equal(body.status, "error");
      assert.match(String(body.error), new RegExp(field), `${path}?${query}: ${body.error}`);
    }
  }
});
