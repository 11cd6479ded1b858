/**
 * Where the simulator's command lines (`sim`, `sim --scenario`) write and what stops them: the
 * contract both the fleet CLI and the scenario CLI take, with the process's own as default.
 */
import { type LoggingOptions, setupLogging } from "../../actors/runtime/logging.ts";
import type { StartInProcessCsms } from "../scenarios/self_host.ts";

/**
 * What the CLI gets from its process: where it writes, what stops it, its logging, and the CSMS
 * `--self-host` starts; tests replace it.
 */
export interface SimCliIo {
  write(text: string): void;
  error(line: string): void;
  /** The live progress line (standard error, so standard output stays the run's record). */
  progress?(text: string): void;
  /** Whether the progress goes to a terminal (then it redraws one line). */
  isTerminal: boolean;
  /** Aborting it stops the run like Ctrl-C. */
  signal?: AbortSignal;
  /** Listen for SIGINT and SIGTERM (off in tests). */
  isHandlingSignals: boolean;
  /** Configures the process's logging (main.ts closes it); tests leave it out. */
  setupLogging?: (options: LoggingOptions) => Promise<void>;
  /** The environment the `TAMNA_SIM_*` variables come from; tests leave it out (none). */
  env?: Record<string, string | undefined>;
  /** Starts a CSMS in this process for `--self-host`; main.ts provides it. */
  startCsms?: StartInProcessCsms;
}

const encoder = new TextEncoder();
/** The process's standard output and error, its signals and its logging; main.ts adds the CSMS. */
export const SIM_STDIO: SimCliIo = {
  write: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  error: (line) => console.error(line),
  progress: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  isTerminal: Deno.stderr.isTerminal(),
  isHandlingSignals: true,
  setupLogging,
  env: Deno.env.toObject(),
};
