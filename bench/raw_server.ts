/**
 * The raw baseline of `deno task bench`: a bare `Deno.serve` WebSocket server that answers
 * every OCPP-J CALL with a fixed CALLRESULT carrying its message id, with no parsing,
 * validation, state or storage. It shows what the runtime itself can do on this machine.
 * The only extra work is the same reply timer the CSMS uses, so both report in-server latency.
 *
 *   deno run --allow-net bench/raw_server.ts <port> [lifetimeMs] [ports]
 */
import { processMetrics } from "../actors/runtime/metrics.ts";
import { createReplyTimer } from "../actors/ocpp/reply_timer.ts";
import { emitLine, exitAfter } from "./child_io.ts";
import { answerIdOf } from "./frames.ts";
import { serveMetrics } from "./metrics_http.ts";

const port = Number(Deno.args[0] ?? 0);
exitAfter(Number(Deno.args[1] ?? 30 * 60_000));
let connected = 0;

/** The id of `[2,"id",…`, found the same cheap way the generator finds answer ids. */
const callIdOf = answerIdOf;

function handle(req: Request): Response {
  if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response("WebSocket only", { status: 426 });
  }
  const { socket, response } = Deno.upgradeWebSocket(req, { protocol: "ocpp2.0.1" });
  const timer = createReplyTimer(processMetrics);
  socket.onopen = () => connected++;
  socket.onclose = () => connected--;
  socket.onerror = () => {};
  socket.onmessage = (event) => {
    const text = event.data as string;
    timer.received(text);
    const reply = `[3,"${callIdOf(text)}",{"currentTime":"${
      new Date().toISOString()
    }","interval":30,"status":"Accepted"}]`;
    socket.send(reply);
    timer.sent(reply);
  };
  return response;
}

// Several ports when asked: loopback gives one client address ~28,000 ports per server port.
const servers = Array.from(
  { length: Math.max(1, Number(Deno.args[2] ?? 1)) },
  (_, k) =>
    Deno.serve({ hostname: "127.0.0.1", port: k === 0 ? port : 0, onListen: () => {} }, handle),
);

const metricsServer = serveMetrics(processMetrics, () => ({ connected }));
emitLine({
  event: "ready",
  ocppUrl: `ws://127.0.0.1:${servers[0].addr.port}`,
  ocppUrls: servers.map((s) => `ws://127.0.0.1:${s.addr.port}`),
  metricsUrl: `http://127.0.0.1:${metricsServer.addr.port}/metrics`,
});
Deno.addSignalListener("SIGTERM", () => Deno.exit(0));
