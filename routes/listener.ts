/**
 * `Deno.serve` listeners that stay open.
 *
 * When the process has used its open-files limit, Deno's accept loop ends with "Too many open
 * files (os error 24)": the server's `finished` promise rejects and the port accepts nothing
 * more. Left alone, that rejection is uncaught and ends the process, dropping every charger,
 * which then all reconnect into the same limit after a restart. {@link serveKeepingOpen} logs
 * the failure and opens the same port again after a backoff, while the connections already
 * accepted carry on.
 */
import { getLogger } from "@logtape/logtape";
import { processMetrics } from "../actors/runtime/metrics.ts";

const log = getLogger(["tamna", "listener"]);

/** A listener that opens its port again whenever its accept loop fails. */
export interface KeptListener {
  /** The bound address: the same port after every reopening. */
  readonly addr: Deno.NetAddr;
  /** Stops listening for good (no reopening afterwards). */
  shutdown(): Promise<void>;
}

/** The options of `Deno.serve` that a kept listener passes on (its port is fixed once bound). */
export type KeptListenerOptions = Deno.ServeTcpOptions & Partial<Deno.TlsCertifiedKeyPem>;

/** How a kept listener retries; `serve` is `Deno.serve` except in tests. */
export interface KeptListenerDeps {
  /** The first wait before reopening, doubled while reopening fails; default 1,000 ms. */
  firstRetryMs?: number;
  /** The longest wait; default 10,000 ms. */
  maxRetryMs?: number;
  serve?(
    options: KeptListenerOptions,
    handler: Deno.ServeHandler<Deno.NetAddr>,
  ): Deno.HttpServer<Deno.NetAddr>;
}

/**
 * Serves `handler` like `Deno.serve`, and when the accept loop fails (or opening the port again
 * fails) waits and opens the same port again, counting each reopening as
 * `listener.reopened.<name>` (`tamna_listener_reopened_total{listener="<name>"}`).
 */
export function serveKeepingOpen(
  name: string,
  options: KeptListenerOptions,
  handler: Deno.ServeHandler<Deno.NetAddr>,
  deps: KeptListenerDeps = {},
): KeptListener {
  const serve = deps.serve ?? ((o, h) => Deno.serve(o, h));
  const firstRetryMs = deps.firstRetryMs ?? 1_000;
  const maxRetryMs = deps.maxRetryMs ?? 10_000;
  let server = serve({ ...options, onListen: () => {} }, handler);
  const addr = server.addr;
  let isStopped = false;
  let retryMs = firstRetryMs;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function watch(current: Deno.HttpServer<Deno.NetAddr>): void {
    current.finished.then(() => {}, (error) => {
      if (isStopped) return;
      log.error`${name} listener on port ${addr.port} stopped accepting: ${describe(error)}`;
      reopenLater();
    });
  }

  function reopenLater(): void {
    log.warn`${name} listener: opening port ${addr.port} again in ${retryMs} ms`;
    timer = setTimeout(reopen, retryMs);
    retryMs = Math.min(maxRetryMs, retryMs * 2);
  }

  function reopen(): void {
    timer = undefined;
    if (isStopped) return;
    try {
      server = serve({ ...options, port: addr.port, onListen: () => {} }, handler);
    } catch (error) {
      log.error`${name} listener: port ${addr.port} did not open: ${describe(error)}`;
      return reopenLater();
    }
    processMetrics.count(`listener.reopened.${name}`);
    log.warn`${name} listener: port ${addr.port} accepts connections again`;
    retryMs = firstRetryMs;
    watch(server);
  }

  watch(server);
  return {
    addr,
    async shutdown() {
      isStopped = true;
      clearTimeout(timer);
      // A server whose accept loop failed has nothing left to shut down.
      await server.shutdown().catch(() => {});
    },
  };
}

/** An error's message, with what to do when it is the open-files limit. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!/os error 24|too many open files/i.test(message)) return message;
  // Deno reads /proc/self only with --allow-all, so the count and the limit are not named here.
  return `${message}: the process has used its open-files limit, one per connection; ` +
    "raise it (docs/operations.md, Open files)";
}
