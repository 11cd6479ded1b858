// The CSMS's seed inventory and the simulator's fleet file describe the same Emart Jeju network
// from two sides (the operator's records, the hardware); this keeps them from drifting apart.
import assert from "node:assert/strict";
import { emartJejuSeed } from "../actors/csms/inventory.ts";
import { emartJejuFleet, fleetChargers } from "../sim/fleet/fleet_file.ts";

Deno.test("the CSMS's Emart Jeju seed and the simulator's fleet hold the same sites and chargers", async () => {
  const seed = emartJejuSeed();
  const fleet = await emartJejuFleet();
  assert.deepEqual(
    seed.sites.map((s) => [s.siteId, s.name, s.nameKo, s.address, s.lat, s.lng, s.gridCapacityKw]),
    fleet.sites.map((s) => [s.id, s.name, s.nameKo, s.address, s.lat, s.lng, s.gridCapacityKw]),
  );
  const simulated = fleetChargers(fleet).map((c) =>
    [c.chargerId, c.siteId, c.maxPowerKw, c.vendor, c.model, c.lat, c.lng].join(" ")
  );
  const seeded = seed.chargers.map((c) =>
    [c.chargerId, c.siteId, c.maxPowerKw, c.vendor, c.model, c.lat, c.lng].join(" ")
  );
  assert.equal(seeded.length, 34);
  assert.deepEqual(seeded, simulated);
  assert.equal(seed.chargers.reduce((kw, c) => kw + (c.maxPowerKw ?? 0), 0), 2900);
});

Deno.test("parseSeed() refuses a charger on a site the seed does not have, naming the field", async () => {
  const { parseSeed } = await import("../actors/csms/inventory.ts");
  assert.throws(
    () =>
      parseSeed({
        name: "x",
        sites: [],
        chargers: [{ chargerId: "c1", siteId: "nowhere" }],
      }, "x.json"),
    /x\.json is invalid at chargers\.0\.siteId: no site nowhere in the seed/,
  );
});
