/**
 * The JSON-lines protocol between `bench/mod.ts` and its child processes: the parent writes
 * `{id, cmd, …}` requests on the child's stdin, the child answers `{id, result}` or
 * `{id, error}` on stdout, and may print `{event, …}` lines on its own.
 */

/** A request from the parent. */
export interface Request {
  id: number;
  cmd: string;
  [key: string]: unknown;
}

const encoder = new TextEncoder();

/** Writes one JSON line to stdout (whole, so lines from different writes never interleave). */
export function emitLine(value: unknown): void {
  const bytes = encoder.encode(JSON.stringify(value) + "\n");
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}

/** Splits a byte stream into lines of text. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== "") yield line;
      newline = buffer.indexOf("\n");
    }
  }
  if (buffer.trim() !== "") yield buffer.trim();
}

/**
 * Serves the parent's requests until stdin closes, then calls `onEnd`. Handlers may run
 * concurrently (a long phase and a status query), so each answer carries its request id.
 */
export async function serveRequests(
  handle: (request: Request) => Promise<unknown>,
  onEnd: () => void | Promise<void>,
): Promise<void> {
  for await (const line of readLines(Deno.stdin.readable)) {
    let request: Request;
    try {
      request = JSON.parse(line);
    } catch (error) {
      emitLine({ event: "bad-request", error: String(error), line: line.slice(0, 200) });
      continue;
    }
    handle(request).then(
      (result) => emitLine({ id: request.id, result }),
      (error) => emitLine({ id: request.id, error: String(error?.stack ?? error) }),
    );
  }
  await onEnd();
}

/** Ends the process after `ms` whatever happens, so no child outlives a crashed parent. */
export function exitAfter(ms: number): void {
  const timer = setTimeout(() => {
    emitLine({ event: "lifetime-exceeded", ms });
    Deno.exit(3);
  }, ms);
  Deno.unrefTimer(timer);
}
