/**
 * Where a station keeps the Basic-auth password the CSMS gave it (A01): `<stateDir>/<id>.password`
 * beside its TransactionEvent queue, readable by its owner only, so a restarted simulator logs in
 * with the password the CSMS now expects rather than the one it was started with.
 */
import { z } from "zod";
import { Password } from "../transport/station_security.ts";

const Stored = z.object({ password: Password, storedAt: z.string() });

/** The password file of `chargerId` under `stateDir`. */
export function passwordPath(stateDir: string, chargerId: string): string {
  return `${stateDir}/${encodeURIComponent(chargerId)}.password`;
}

/** The stored password, or undefined when there is none. A damaged file is an error. */
export async function readStoredPassword(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof Stored>>;
  try {
    parsed = Stored.safeParse(JSON.parse(text));
  } catch {
    // JSON.parse quotes the text in its message; the text is a password.
    throw new Error(`Cannot read the stored password ${path}: not JSON`);
  }
  if (!parsed.success) {
    throw new Error(
      `Cannot read the stored password ${path}: not a password of 16 to 40 characters`,
    );
  }
  return parsed.data.password;
}

/**
 * Replaces the stored password, atomically (a temporary file renamed over the old one).
 * Synchronous on purpose: it runs before the station answers Accepted (A01), and a rotation is
 * rare enough that a few blocked milliseconds cost nothing.
 */
export function storePasswordSync(path: string, password: string, nowMs: number): void {
  const temporary = `${path}.tmp`;
  const text = JSON.stringify({ password, storedAt: new Date(nowMs).toISOString() });
  Deno.writeTextFileSync(temporary, text + "\n", { mode: 0o600 });
  Deno.renameSync(temporary, path);
}
