// docs/plugins.md shows the example plugins verbatim, and the README's tour shows the billing one.
import assert from "node:assert/strict";

const PLUGINS_DOC = "docs/plugins.md";
const docs: Record<string, string[]> = {
  "energy_report.ts": [PLUGINS_DOC],
  "member_discount.ts": [PLUGINS_DOC, "README.md"],
};

for (const [file, pages] of Object.entries(docs)) {
  for (const page of pages) {
    Deno.test(`${page} shows plugins/examples/${file} verbatim in a ts block`, async () => {
      const doc = await Deno.readTextFile(new URL(`../${page}`, import.meta.url));
      const source = await Deno.readTextFile(
        new URL(`../plugins/examples/${file}`, import.meta.url),
      );
      assert.ok(
        doc.includes("```ts\n" + source + "```"),
        `${file} differs from its copy in ${page}`,
      );
    });
  }
}

Deno.test("plugins/examples/member_discount.ts stays under 40 lines", async () => {
  const source = await Deno.readTextFile(
    new URL("../plugins/examples/member_discount.ts", import.meta.url),
  );
  assert.ok(source.split("\n").length - 1 < 40);
});
