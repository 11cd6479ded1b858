import assert from "node:assert/strict";

Deno.test("bench/te_probe.ts answers every TransactionEvent and reports its cost per event", async () => {
  const probe = new URL("../bench/te_probe.ts", import.meta.url).pathname;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", probe, "--chargers", "3", "--rounds", "2", "--no-database"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  // the last round's last answer is a CALLRESULT: nothing was refused or shed
  assert.match(
    out,
    /6 TransactionEvents on 3 chargers \(no database\): [\d.]+ µs .* KB allocated and [\d.]+ wake-ups per event, \d+ events\/s; last answer \[3,"u3-2",\{/,
  );
});
