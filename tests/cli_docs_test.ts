import assert from "node:assert/strict";
import {
  CLI_DOC,
  DOCUMENTED_COMMANDS,
  documentedBlocks,
  renderHelpBlocks,
} from "./support/cli_docs.ts";

Deno.test("docs/cli.md shows every command's generated --help, unchanged (else: deno run -A tests/support/cli_docs.ts)", async () => {
  const page = await Deno.readTextFile(CLI_DOC);
  assert.deepEqual(documentedBlocks(page).sort(), Object.keys(DOCUMENTED_COMMANDS).sort());
  assert.equal(page, renderHelpBlocks(page));
});
