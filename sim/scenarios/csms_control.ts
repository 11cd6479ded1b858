/**
 * How scenario 5 gets the CSMS killed and started again. In-process (`--self-host`) the runner
 * does it itself; against an external CSMS it runs `--csms-command`, or asks the operator and
 * waits (bounded) for the disconnect and the reconnect it can observe from the stations.
 */

/** What a restart needs from the scenario. */
export interface RestartHooks {
  /** Resolves once the stations have been cut off long enough (self-host waits for it). */
  waitDown(): Promise<void>;
  say(line: string): void;
}

/** Stops and starts the CSMS under test. */
export interface CsmsControl {
  /** `self-host`, `command` or `operator`, for the report. */
  readonly kind: "self-host" | "command" | "operator";
  /** Wall-clock bound of an external restart, ms. */
  readonly restartTimeoutMs: number;
  /** Where the CSMS listens, when the control runs it itself (self-host). */
  readonly ocppUrl?: string;
  readonly apiUrl?: string;
  /** The REST API's bearer token, when the control chose it (self-host). */
  readonly apiToken?: string;
  /**
   * Starts a restart. In-process it returns once the new CSMS listens; with a command once
   * the command ended (its outcome is the answer); with an operator at once, after asking.
   */
  restart(hooks: RestartHooks): Promise<string>;
  /** Releases what the control holds (a self-hosted CSMS and its data). */
  close(): Promise<void>;
}

/** A CSMS somebody else runs: restarted by `command` (a shell command) or by hand. */
export function externalCsms(options: { command?: string; restartTimeoutMs: number }): CsmsControl {
  const { command, restartTimeoutMs } = options;
  return {
    kind: command ? "command" : "operator",
    restartTimeoutMs,
    async restart(hooks) {
      if (!command) {
        hooks.say(
          `  >>>  Restart the CSMS now: stop it (Ctrl-C in its terminal, or kill it) and start ` +
            `it again. Waiting up to ${restartTimeoutMs / 1000} s for the stations to notice ` +
            `and reconnect…`,
        );
        return "asked the operator to restart the CSMS";
      }
      return await runCommand(command, restartTimeoutMs);
    },
    close: () => Promise.resolve(),
  };
}

/** Runs `command` with `sh -c`; says how it ended (or that it still runs after `timeoutMs`). */
async function runCommand(command: string, timeoutMs: number): Promise<string> {
  const permission = await Deno.permissions.query({ name: "run", command: "sh" });
  if (permission.state !== "granted") {
    throw new Error(
      "--csms-command needs permission to run sh, which the sim task does not grant: run " +
        "`deno run --allow-net --allow-read --allow-write --allow-env --allow-sys --allow-run " +
        "main.ts sim …`",
    );
  }
  // No pipes: a server the command starts in the background must not hold them open.
  const child = new Deno.Command("sh", {
    args: ["-c", command],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([child.status, timedOut]);
    if (outcome === "timeout") {
      child.unref();
      return `\`${command}\` still runs after ${timeoutMs / 1000} s (left running)`;
    }
    return `\`${command}\` exited with code ${outcome.code}`;
  } finally {
    clearTimeout(timer);
  }
}
