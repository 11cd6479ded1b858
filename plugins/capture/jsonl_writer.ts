/**
 * A size-capped, rotating JSONL file: lines are appended to `path`; when it would grow past
 * `maxBytes` it becomes `path.1` (the older ones shift to `.2`, …) and a new `path` starts,
 * keeping at most `maxFiles` files in all.
 */
import { dirname } from "node:path";

/** How the file rotates. */
export interface RotationOptions {
  /** Size at which the file rotates. */
  maxBytes: number;
  /** Files kept, the current one included (at least 1). */
  maxFiles: number;
}

/** An open capture file. */
export interface JsonlWriter {
  /** Appends the lines (each without its newline), rotating between lines when needed. */
  write(lines: readonly string[]): Promise<void>;
  close(): void;
  /** Bytes in the current file. */
  readonly sizeBytes: number;
}

const encoder = new TextEncoder();

async function sizeOf(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0;
    throw error;
  }
}

async function removeIfThere(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

async function shift(path: string, maxFiles: number): Promise<void> {
  await removeIfThere(`${path}.${maxFiles - 1}`);
  for (let i = maxFiles - 2; i >= 1; i--) {
    try {
      await Deno.rename(`${path}.${i}`, `${path}.${i + 1}`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  if (maxFiles > 1) await Deno.rename(path, `${path}.1`);
  else await removeIfThere(path);
}

/** Opens (creating its directory) a rotating JSONL file for appending. */
export async function openJsonlWriter(
  path: string,
  options: RotationOptions,
): Promise<JsonlWriter> {
  if (!(options.maxBytes > 0) || !(options.maxFiles >= 1)) {
    throw new RangeError(
      `Rotation needs maxBytes > 0 and maxFiles >= 1, got ${options.maxBytes} and ${options.maxFiles}`,
    );
  }
  await Deno.mkdir(dirname(path), { recursive: true });
  let sizeBytes = await sizeOf(path);
  let file = await Deno.open(path, { append: true, create: true });
  return {
    get sizeBytes() {
      return sizeBytes;
    },
    async write(lines) {
      let chunk: Uint8Array[] = [];
      let chunkBytes = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        const bytes = new Uint8Array(chunkBytes);
        let at = 0;
        for (const part of chunk) {
          bytes.set(part, at);
          at += part.length;
        }
        for (let written = 0; written < bytes.length;) {
          written += await file.write(bytes.subarray(written));
        }
        sizeBytes += bytes.length;
        chunk = [];
        chunkBytes = 0;
      };
      for (const line of lines) {
        const bytes = encoder.encode(`${line}\n`);
        // Rotate at line boundaries; a file holds at least one line, however long.
        if (
          sizeBytes + chunkBytes > 0 && sizeBytes + chunkBytes + bytes.length > options.maxBytes
        ) {
          await flush();
          file.close();
          await shift(path, options.maxFiles);
          file = await Deno.open(path, { append: true, create: true });
          sizeBytes = 0;
        }
        chunk.push(bytes);
        chunkBytes += bytes.length;
      }
      await flush();
    },
    close: () => file.close(),
  };
}
