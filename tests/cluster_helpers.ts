/** Shared by the cluster tests: the NATS server they use and whether it is there. */

/** The NATS server of the development and CI machines (TAMNA_TEST_NATS_URL overrides). */
export const NATS_URL = Deno.env.get("TAMNA_TEST_NATS_URL") ?? "nats://127.0.0.1:4222";

/** Whether NATS accepted a TCP connection when this module loaded. */
export const isNatsReachable = await probe(NATS_URL);

async function probe(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url.replace(/^nats:/, "http:"));
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const conn = await Promise.race([
      Deno.connect({ hostname, port: Number(port || 4222) }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("connect timed out")), 500);
      }),
    ]);
    conn.close();
    return true;
  } catch {
    // Unreachable is a normal outcome: the cluster tests are then marked ignored.
    return false;
  } finally {
    clearTimeout(timer);
  }
}
