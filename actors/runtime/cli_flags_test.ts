import assert from "node:assert/strict";
import {
  type CommandSpec,
  envNamesOf,
  helpText,
  issueSource,
  parseCommandLine,
} from "./cli_flags.ts";
import { ConfigError } from "./config_error.ts";

const COMMAND: CommandSpec = {
  usage: "tool [flags]",
  about: "A tool.",
  envPrefix: "TAMNA_TOOL_",
  flags: [
    {
      name: "port",
      placeholder: "N",
      default: "9000",
      envAliases: ["PORT"],
      description: "a port",
    },
    { name: "count", short: "n", key: "countN", placeholder: "N", description: "how many" },
    { name: "auto", type: "boolean", default: true, description: "act alone" },
    { name: "plugin", type: "list", description: "plugins" },
    { name: "token", isSecret: true, description: "a token" },
  ],
};

Deno.test("parseCommandLine() takes a flag over its TAMNA_* variable over its old name over the default", () => {
  assert.equal(parseCommandLine(COMMAND, [], {}).values.port, "9000");
  assert.equal(parseCommandLine(COMMAND, [], { PORT: "1" }).values.port, "1");
  assert.equal(parseCommandLine(COMMAND, [], { PORT: "1", TAMNA_TOOL_PORT: "2" }).values.port, "2");
  const line = parseCommandLine(COMMAND, ["--port", "3"], { TAMNA_TOOL_PORT: "2" });
  assert.equal(line.values.port, "3");
  assert.deepEqual(line.given, { port: "3" });
  assert.equal(parseCommandLine(COMMAND, [], { TAMNA_TOOL_PORT: "" }).values.port, "9000");
});

Deno.test("parseCommandLine() reads booleans, lists and short aliases from flags and variables", () => {
  const flags = parseCommandLine(
    COMMAND,
    ["-n", "4", "--no-auto", "--plugin", "a", "--plugin=b"],
    {},
  );
  assert.deepEqual(flags.values, {
    port: "9000",
    countN: "4",
    auto: false,
    plugin: ["a", "b"],
    token: undefined,
  });
  const env = parseCommandLine(COMMAND, [], { TAMNA_TOOL_AUTO: "no", TAMNA_TOOL_PLUGIN: "a, b" });
  assert.equal(env.values.auto, false);
  assert.deepEqual(env.values.plugin, ["a", "b"]);
  assert.throws(
    () => parseCommandLine(COMMAND, [], { TAMNA_TOOL_AUTO: "maybe" }),
    (e: Error) =>
      e instanceof ConfigError &&
      e.message === "Invalid TAMNA_TOOL_AUTO=maybe: expected true or false",
  );
  assert.throws(
    () => parseCommandLine(COMMAND, ["--nope"], {}),
    (e: Error) => e instanceof ConfigError && /^Unknown option '--nope'/.test(e.message),
  );
});

Deno.test("parseCommandLine() sees --help whatever else is wrong, and describes a value's source", () => {
  assert.equal(parseCommandLine(COMMAND, ["--nope", "-h"], { TAMNA_TOOL_AUTO: "x" }).isHelp, true);
  const line = parseCommandLine(COMMAND, ["--token", "secret"], { TAMNA_TOOL_PORT: "x" });
  assert.equal(
    issueSource(line, { path: ["port"], message: "bad" }),
    "Invalid TAMNA_TOOL_PORT=x: bad",
  );
  assert.equal(issueSource(line, { path: ["token"], message: "short" }), "Invalid --token: short");
});

Deno.test("helpText() shows every flag with its default and variables", () => {
  const text = helpText(COMMAND);
  const lines = text.split("\n");
  for (const flag of COMMAND.flags) {
    const row = lines.findIndex((l) =>
      new RegExp(`^  (-\\w, )?--(\\[no-\\])?${flag.name}\\b`).test(l)
    );
    assert.ok(row > 0, flag.name);
    const end = lines.findIndex((line, i) => i > row && !line.startsWith(" ".repeat(30)));
    const facts = lines.slice(row, end < 0 ? undefined : end).join(" ").replace(/\s+/g, " ");
    assert.ok(facts.includes(`env ${envNamesOf(COMMAND, flag).join(", ")}`), flag.name);
    if (flag.default !== undefined) assert.ok(facts.includes(`default ${flag.default}`), flag.name);
  }
  assert.match(text, /-n, --count N/);
  assert.match(text, /--\[no-\]auto/);
  assert.ok(text.split("\n").every((line) => line.length <= 100), "lines fit in 100 columns");
});
