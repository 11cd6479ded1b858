/**
 * `--self-host`: the scenarios' own CSMS, started in-process with `startServer` on free
 * loopback ports and a fresh embedded database in a temporary directory. Scenario 5 closes it
 * and starts a new one on the same ports and data, as a killed and restarted server would be.
 * Loaded only when asked for, so the simulator itself never pulls in the CSMS.
 */
import { ServerConfig } from "../../config.ts";
import { startServer, type TamnaServer } from "../../server.ts";
import type { CsmsControl } from "./csms_control.ts";

/** A self-hosted CSMS and how to reach it. */
export interface SelfHostedCsms extends CsmsControl {
  readonly ocppUrl: string;
  readonly apiUrl: string;
}

function portOf(url: string): number {
  return Number(new URL(url.replace(/^ws/, "http")).port);
}

/** Starts a Tamna CSMS in-process; `close()` stops it and deletes its data. */
export async function selfHostCsms(): Promise<SelfHostedCsms> {
  const dataDir = await Deno.makeTempDir({ prefix: "tamna_scenarios_" });
  const configOf = (ocppPort: number, httpPort: number) =>
    ServerConfig.parse({ ocppPort, httpPort, host: "127.0.0.1", dataDir, logLevel: "WARNING" });
  let server: TamnaServer | null = await startServer(configOf(0, 0));
  const { ocppUrl, httpUrl } = server;
  return {
    kind: "self-host",
    restartTimeoutMs: 30_000,
    ocppUrl,
    apiUrl: httpUrl,
    async restart(hooks) {
      const startedMs = Date.now();
      await server?.close();
      server = null;
      hooks.say(`  ...   CSMS killed; the stations retry while it is down`);
      await hooks.waitDown();
      server = await startServer(configOf(portOf(ocppUrl), portOf(httpUrl)));
      return `in-process CSMS closed and started again on the same ports and data after ${
        ((Date.now() - startedMs) / 1000).toFixed(1)
      } s`;
    },
    async close() {
      await server?.close();
      server = null;
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}
