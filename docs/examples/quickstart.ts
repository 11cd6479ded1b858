// The seed's usage example in Tamna: a server and a simulated charger in one script.
// Run it: deno run --allow-net --allow-read docs/examples/quickstart.ts
import { createCharger, startCsms } from "../../mod.ts";

// Start the server (free ports, no database) and connect a charger to it.
await using csms = await startCsms();
await using charger = await createCharger({ url: csms.ocppUrl, chargerId: "charger_001" });

// Start a transaction from the server: the charger plugs its EV in and charges.
const started = await csms.startTransaction("charger_001");
console.log(`Transaction ${started.transactionId}: ${started.status}`);

// 5 s of charging.
await new Promise((resolve) => setTimeout(resolve, 5_000));
console.log(`Charging at ${charger.meter().powerW / 1000} kW`);

// Stop it from the server; the charger reports the energy it delivered.
const stopped = await csms.stopTransaction("charger_001");
console.log(`Stopped: ${stopped.energyWh} Wh, ${stopped.costKrw} KRW (${stopped.stoppedReason})`);
// Leaving the scope disconnects the charger, then stops the server (`await using`).
