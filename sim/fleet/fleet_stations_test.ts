import assert from "node:assert/strict";
import { emartJejuFleet } from "./fleet_file.ts";
import { fleetStations } from "./fleet_stations.ts";

Deno.test("fleetStations() takes the first N of Emart Jeju and generates the same extra sites every time", async () => {
  const fleet = await emartJejuFleet();
  const five = fleetStations(fleet, 5);
  assert.deepEqual(five.map((c) => c.chargerId), [
    "emart_jeju_01",
    "emart_jeju_02",
    "emart_jeju_03",
    "emart_jeju_04",
    "emart_jeju_05",
  ]);
  const all = fleetStations(fleet, 34);
  assert.equal(all.reduce((kw, c) => kw + c.maxPowerKw, 0), 2_900);
  assert.equal(all.at(-1)!.chargerId, "emart_seogwipo_12");
  const big = fleetStations(fleet, 1_000);
  assert.equal(big.length, 1_000);
  assert.equal(new Set(big.map((c) => c.chargerId)).size, 1_000);
  assert.equal(big[34].chargerId, "jeju_site_001_01");
  assert.deepEqual(fleetStations(fleet, 1_000), big);
  for (const c of big) {
    assert.ok(
      c.lat > 33.1 && c.lat < 33.6 && c.lng > 126.1 && c.lng < 127.0,
      `${c.chargerId} is on Jeju`,
    );
    assert.ok(c.serialNumber.length <= 25, c.serialNumber);
  }
});
