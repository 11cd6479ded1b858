/**
 * `deno task demo`: the seed's demo.py on the library API — a CSMS and three simulated chargers
 * in-process, a transaction on the first, its energy, the stop and the final state, in the
 * seed's `[1단계] …` step format. `--protocol-debug` is demo_protocol_debug.py: every OCPP frame
 * logged with the seed's tags, also to `ocpp_protocol_debug.log`. Stations run on compressed
 * time, so the demo takes a few seconds. The simulator never imports the CSMS: main.ts hands
 * the demo a function that starts one (mod.ts's `startCsms`), through {@link DemoCsms}.
 */
import {
  type CommandLine,
  type CommandSpec,
  type FlagSpec,
  helpText,
  issueSource,
  parseCommandLine,
} from "../../actors/runtime/cli_flags.ts";
import { z } from "zod";
import { closeLogging, type LoggingOptions, setupLogging } from "../../actors/runtime/logging.ts";
import type { ChargerHandle } from "./charger_types.ts";
import { createCharger } from "./mod.ts";

/** The log file of `--protocol-debug` when no `--log-file` is given, as the seed named it. */
export const PROTOCOL_DEBUG_LOG = "ocpp_protocol_debug.log";

/** One line per flag of `deno task demo` (see {@link DEMO_COMMAND}). */
// deno-fmt-ignore
const DEMO_FLAGS: readonly FlagSpec[] = [
  { name: "lang", placeholder: "ko|en|both", default: "both", description: "step lines in the seed's Korean, in English, or both" },
  { name: "speed", placeholder: "X", default: "30", description: "how many times faster than real time the chargers run" },
  { name: "charge-s", placeholder: "S", default: "60", description: "simulated seconds of charging before the energy is shown" },
  { name: "protocol-debug", key: "isProtocolDebug", type: "boolean", default: false, description: "log every OCPP frame with the seed's tags (demo_protocol_debug.py)" },
  { name: "log-file", placeholder: "FILE", description: `the log file (default with --protocol-debug: ${PROTOCOL_DEBUG_LOG})` },
];

/** The demo's command line: the table that parses it and writes `deno task demo --help`. */
export const DEMO_COMMAND: CommandSpec = {
  usage: "deno task demo [flags]   (or: deno run … main.ts demo [flags])",
  about:
    "The seed's demo: a CSMS and three chargers in this process, a transaction on the first,\n" +
    "its energy, the stop and the final state, in the seed's step format (a few seconds).",
  envPrefix: "TAMNA_DEMO_",
  flags: DEMO_FLAGS,
  footer: "The seed's OCPP_PROTOCOL_DEBUG, OCPP_LOG_LEVEL and OCPP_LOG_FILE work as with demo.py.",
};

/** What the demo does, from its flags. */
export const DemoArgs = z.object({
  /** Step lines in Korean as the seed printed them, in English, or Korean with English after. */
  lang: z.enum(["ko", "en", "both"]).default("both"),
  /** How many times faster than real time the chargers run. */
  speed: z.coerce.number().positive().max(3600).default(30),
  /** Simulated seconds of charging before the energy is shown. */
  chargeS: z.coerce.number().positive().max(86_400).default(60),
  isProtocolDebug: z.boolean().default(false),
  logFile: z.string().min(1).optional(),
  isHelp: z.boolean().default(false),
});
export type DemoArgs = z.infer<typeof DemoArgs>;

/** Parses the flags and `TAMNA_DEMO_*` variables; a bad one yields its one-line message. */
export function parseDemoArgs(
  args: string[],
  env: Record<string, string | undefined> = {},
): { ok: true; args: DemoArgs } | { ok: false; error: string } {
  let line: CommandLine;
  try {
    line = parseCommandLine(DEMO_COMMAND, args, env);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const parsed = DemoArgs.safeParse({ ...line.values, isHelp: line.isHelp });
  if (parsed.success) return { ok: true, args: parsed.data };
  return { ok: false, error: issueSource(line, parsed.error.issues[0]) };
}

/** One charger as the demo reads it from the CSMS. */
export interface DemoChargerInfo {
  chargerId: string;
  isConnected: boolean;
  /** The CSMS's answer to its last BootNotification; absent before the first. */
  registration?: string;
  /** Running transactions, oldest first, with their energy so far. */
  transactions: readonly { energyWh: number }[];
}

/**
 * What the demo needs of the CSMS it starts: where it listens, what it knows of the chargers,
 * a remote start and stop, and a stop. mod.ts's `CsmsHandle` satisfies it.
 */
export interface DemoCsms {
  readonly ocppUrl: string;
  readonly httpUrl: string;
  chargers(): DemoChargerInfo[];
  charger(chargerId: string): DemoChargerInfo | undefined;
  /** RequestStartTransaction, resolved once the Started TransactionEvent names the transaction. */
  startTransaction(chargerId: string): Promise<{ status: string; transactionId?: string }>;
  /** RequestStopTransaction, resolved with the Ended TransactionEvent's energy and cost. */
  stopTransaction(chargerId: string): Promise<{
    status: string;
    energyWh?: number;
    stoppedReason?: string;
    costKrw?: number;
  }>;
  stop(): Promise<void>;
}

/** Where the demo writes and the CSMS it starts; main.ts provides them, tests replace them. */
export interface DemoIo {
  /** One line of the demo's own output (stdout). */
  print(line: string): void;
  error(line: string): void;
  /** Where log lines go; standard error by default. */
  logStream?: WritableStream<Uint8Array>;
  env: Record<string, string | undefined>;
  /** Starts a CSMS in this process on free ports (main.ts passes mod.ts's `startCsms`). */
  startCsms(): Promise<DemoCsms>;
}

/** The process's standard output, error and environment; main.ts adds the CSMS. */
export const DEMO_STDIO: Omit<DemoIo, "startCsms"> = {
  print: (line) => console.log(line),
  error: (line) => console.error(line),
  env: Deno.env.toObject(),
};

/** The seed's logging switches, which the demo honours as demo.py did. */
const LogEnv = z.object({
  OCPP_PROTOCOL_DEBUG: z.enum(["true", "false", "1", "0"]).default("false"),
  OCPP_LOG_LEVEL: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]).default("WARNING"),
  OCPP_LOG_FILE: z.string().optional(),
});

/** The logging the flags and environment ask for. */
export function demoLogging(
  args: DemoArgs,
  env: Record<string, string | undefined>,
): LoggingOptions | { error: string } {
  const parsed = LogEnv.safeParse({ ...env, OCPP_LOG_LEVEL: env.OCPP_LOG_LEVEL?.toUpperCase() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `invalid environment ${String(issue.path[0])}: ${issue.message}` };
  }
  const isProtocolDebug = args.isProtocolDebug ||
    ["true", "1"].includes(parsed.data.OCPP_PROTOCOL_DEBUG);
  return {
    level: parsed.data.OCPP_LOG_LEVEL,
    protocolDebug: isProtocolDebug,
    logFile: args.logFile ?? parsed.data.OCPP_LOG_FILE ??
      (args.isProtocolDebug ? PROTOCOL_DEBUG_LOG : undefined),
  };
}

/** Runs the demo command line; resolves with the exit code. */
export async function runDemoCli(args: string[], io: DemoIo): Promise<number> {
  const parsed = parseDemoArgs(args, io.env);
  if (!parsed.ok) {
    io.error(`demo: ${parsed.error} (see deno task demo --help)`);
    return 2;
  }
  if (parsed.args.isHelp) {
    io.print(helpText(DEMO_COMMAND));
    return 0;
  }
  const logging = demoLogging(parsed.args, io.env);
  if ("error" in logging) {
    io.error(`demo: ${logging.error}`);
    return 2;
  }
  await setupLogging({ ...logging, consoleStream: io.logStream });
  try {
    await runDemo(parsed.args, io);
    if (logging.logFile) io.print(`Log: ${logging.logFile}`);
  } finally {
    await closeLogging();
  }
  return 0;
}

const STATIONS = ["charger_001", "charger_002", "charger_003"];
const RULE = "=".repeat(60);

/** A bilingual line: the seed's Korean, the English, or both. */
function say(lang: DemoArgs["lang"], ko: string, en: string): string {
  return lang === "ko" ? ko : lang === "en" ? en : `${ko}  (${en})`;
}

/** Python's spelling of a boolean, as the seed printed it. */
function py(value: boolean): string {
  return value ? "True" : "False";
}

/** The demo itself, on the public library API only. */
export async function runDemo(
  args: DemoArgs,
  io: Pick<DemoIo, "print" | "startCsms">,
): Promise<void> {
  const { print } = io;
  print(RULE);
  print(
    say(
      args.lang,
      "OCPP 2.0.1 충전기 시뮬레이터 및 서버 데모",
      "OCPP 2.0.1 charger simulator and server demo",
    ),
  );
  print(RULE);
  const csms = await io.startCsms();
  try {
    await withChargers(csms, args, print);
  } finally {
    await csms.stop();
  }
}

/** Connects the demo's chargers to `csms`, runs the steps and disconnects them. */
async function withChargers(
  csms: DemoCsms,
  args: DemoArgs,
  print: (line: string) => void,
): Promise<void> {
  const step = (n: number, ko: string, en: string) =>
    print(say(args.lang, `[${n}단계] ${ko}`, `Step ${n}: ${en}`));
  print(`OCPP ${csms.ocppUrl} · HTTP ${csms.httpUrl} · ×${args.speed}`);
  print("");
  step(1, "충전기 연결 중...", "Connecting chargers...");
  const created = await Promise.allSettled(STATIONS.map((chargerId) =>
    createCharger({
      url: csms.ocppUrl,
      chargerId,
      vendor: "EVBox",
      model: "EVBox Home",
      speed: args.speed,
    })
  ));
  const chargers = created.flatMap((c) => c.status === "fulfilled" ? [c.value] : []);
  try {
    const failed = created.find((c) => c.status === "rejected");
    if (failed) throw failed.reason;
    await steps(csms, chargers, args, step, print);
    print("");
    print(say(args.lang, "데모 완료", "Demo complete"));
  } finally {
    await Promise.all(chargers.map((charger) => charger.stop()));
  }
}

async function steps(
  csms: DemoCsms,
  chargers: ChargerHandle[],
  args: DemoArgs,
  step: (n: number, ko: string, en: string) => void,
  print: (line: string) => void,
): Promise<void> {
  const item = (ko: string, en: string) => print(`  - ${say(args.lang, ko, en)}`);
  const connected = csms.chargers().filter((s) => s.isConnected);
  step(2, `현재 연결된 충전기: ${connected.length}`, `Chargers connected now: ${connected.length}`);
  for (const s of csms.chargers()) {
    print(
      `  - ${s.chargerId}: Boot=${py(s.registration === "Accepted")}, Connected=${
        py(s.isConnected)
      }`,
    );
  }
  print("");
  const first = chargers[0].chargerId;
  step(3, "첫 번째 충전기 거래 시작...", "Starting a transaction on the first charger...");
  const started = await csms.startTransaction(first);
  item(
    `${first}: ${started.status} (거래 ID: ${started.transactionId ?? "-"})`,
    `${first}: ${started.status} (transaction ${started.transactionId ?? "-"})`,
  );
  // Compressed time: chargeS simulated seconds take chargeS / speed real seconds.
  await new Promise((resolve) => setTimeout(resolve, (args.chargeS * 1000) / args.speed));
  step(4, "거래 상태 확인...", "Checking the transaction...");
  const tx = csms.charger(first)?.transactions[0];
  const kwh = ((tx?.energyWh ?? 0) / 1000).toFixed(2);
  item(`${first}: 충전 중 (에너지: ${kwh} kWh)`, `${first}: charging (energy: ${kwh} kWh)`);
  print("");
  step(5, "거래 중지...", "Stopping the transaction...");
  const stopped = await csms.stopTransaction(first);
  const totalKwh = ((stopped.energyWh ?? 0) / 1000).toFixed(2);
  const reason = stopped.stoppedReason ?? "-";
  const cost = stopped.costKrw ?? "-";
  item(
    `${first}: ${stopped.status} (에너지: ${totalKwh} kWh, 요금: ${cost}원, 사유: ${reason})`,
    `${first}: ${stopped.status} (energy: ${totalKwh} kWh, cost: ${cost} KRW, reason: ${reason})`,
  );
  step(6, "최종 상태:", "Final state:");
  for (const s of csms.chargers()) {
    item(
      `${s.chargerId}: 연결됨=${py(s.isConnected)}`,
      `${s.chargerId}: connected=${py(s.isConnected)}`,
    );
  }
}
