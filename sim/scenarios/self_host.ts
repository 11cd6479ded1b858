/**
 * `--self-host`: the scenarios' own CSMS, started in-process on free loopback ports and a fresh
 * embedded database in a temporary directory. Scenario 5 closes it and starts a new one on the
 * same ports and data, as a killed and restarted server would be. The simulator never imports
 * the CSMS: the composition root (main.ts) hands it a {@link StartInProcessCsms}.
 */
import type { CsmsControl } from "./csms_control.ts";

/** A CSMS running in this process, as the simulator sees it. */
export interface InProcessCsms {
  /** The OCPP endpoint, e.g. `ws://127.0.0.1:9000`. */
  readonly ocppUrl: string;
  /** The REST API, e.g. `http://127.0.0.1:8080`. */
  readonly httpUrl: string;
  /** Closes its ports and its database. */
  stop(): Promise<void>;
}

/** Where an in-process CSMS listens (0: a free port), keeps its data, and its REST token. */
export interface InProcessCsmsOptions {
  ocppPort: number;
  httpPort: number;
  dataDir: string;
  /** The `--api-token` (admin) the scenarios' REST calls send; the same across restarts. */
  apiToken: string;
}

/** Starts a CSMS in this process on loopback; main.ts builds it from `startServer`. */
export type StartInProcessCsms = (options: InProcessCsmsOptions) => Promise<InProcessCsms>;

/** A self-hosted CSMS and how to reach it. */
export interface SelfHostedCsms extends CsmsControl {
  readonly ocppUrl: string;
  readonly apiUrl: string;
  readonly apiToken: string;
}

function portOf(url: string): number {
  return Number(new URL(url.replace(/^ws/, "http")).port);
}

/** Starts a CSMS with `start`; `close()` stops it and deletes its data. */
export async function selfHostCsms(start: StartInProcessCsms): Promise<SelfHostedCsms> {
  const dataDir = await Deno.makeTempDir({ prefix: "tamna_scenarios_" });
  const apiToken = crypto.getRandomValues(new Uint8Array(24)).toBase64({ alphabet: "base64url" });
  let server: InProcessCsms | null = await start({ ocppPort: 0, httpPort: 0, dataDir, apiToken });
  const { ocppUrl, httpUrl } = server;
  return {
    kind: "self-host",
    restartTimeoutMs: 30_000,
    ocppUrl,
    apiUrl: httpUrl,
    apiToken,
    async restart(hooks) {
      const startedMs = Date.now();
      await server?.stop();
      server = null;
      hooks.say(`  ...   CSMS killed; the stations retry while it is down`);
      await hooks.waitDown();
      server = await start({
        ocppPort: portOf(ocppUrl),
        httpPort: portOf(httpUrl),
        dataDir,
        apiToken,
      });
      return `in-process CSMS closed and started again on the same ports and data after ${
        ((Date.now() - startedMs) / 1000).toFixed(1)
      } s`;
    },
    async close() {
      await server?.stop();
      server = null;
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}
