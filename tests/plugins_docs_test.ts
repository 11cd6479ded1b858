// The README's plugin section shows the example plugins verbatim.
import assert from "node:assert/strict";

const doc = await Deno.readTextFile(new URL("../README.md", import.meta.url));

for (const file of ["energy_report.ts", "member_discount.ts"]) {
  Deno.test(`README.md shows plugins/examples/${file} verbatim in a ts block`, async () => {
    const source = await Deno.readTextFile(new URL(`../plugins/examples/${file}`, import.meta.url));
    assert.ok(doc.includes("```ts\n" + source + "```"), `${file} differs from its copy in the doc`);
  });
}

Deno.test("plugins/examples/member_discount.ts stays under 40 lines", async () => {
  const source = await Deno.readTextFile(
    new URL("../plugins/examples/member_discount.ts", import.meta.url),
  );
  assert.ok(source.split("\n").length - 1 < 40);
});
