/**
 * Reads the files behind `--password-file` and `--ca-file` into the run's security settings,
 * or says in one line what is wrong with them, without ever quoting a password.
 */
import { PasswordMap, type SecuritySettings } from "../transport/station_security.ts";

/** The flags that name security settings, as parsed. */
export interface SecurityFlags {
  password?: string;
  passwordFile?: string;
  caFile?: string;
}

type Loaded = { ok: true; security: SecuritySettings } | { ok: false; error: string };

function reason(error: unknown): string {
  return error instanceof Deno.errors.NotFound
    ? "no such file"
    : error instanceof Error
    ? error.message
    : String(error);
}

/** Passwords by station id from a JSON file; the error names a station, never a password. */
export async function readPasswordFile(
  path: string,
): Promise<{ ok: true; passwords: Record<string, string> } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    return { ok: false, error: `cannot read --password-file ${path}: ${reason(error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the mistake: it may be a password.
    return { ok: false, error: `--password-file ${path} is not valid JSON` };
  }
  const parsed = PasswordMap.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at "${String(issue.path[0])}"` : "";
    return {
      ok: false,
      error: `--password-file ${path}${where}: ${
        issue.path.length ? issue.message : 'must be an object {"<chargerId>": "<password>"}'
      }`,
    };
  }
  return { ok: true, passwords: parsed.data };
}

/** The PEM certificates of a CA file. */
export async function readCaFile(
  path: string,
): Promise<{ ok: true; caCerts: string[] } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    return { ok: false, error: `cannot read --ca-file ${path}: ${reason(error)}` };
  }
  const caCerts = text.match(
    /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
  );
  if (!caCerts) return { ok: false, error: `--ca-file ${path} holds no PEM certificate` };
  return { ok: true, caCerts };
}

/** The security settings the flags ask for. */
export async function loadSecurity(flags: SecurityFlags): Promise<Loaded> {
  const security: SecuritySettings = {};
  if (flags.password !== undefined) security.password = flags.password;
  if (flags.passwordFile !== undefined) {
    const file = await readPasswordFile(flags.passwordFile);
    if (!file.ok) return file;
    security.password = file.passwords;
  }
  if (flags.caFile !== undefined) {
    const file = await readCaFile(flags.caFile);
    if (!file.ok) return file;
    security.caCerts = file.caCerts;
  }
  return { ok: true, security };
}

/** How the banner line names the settings (never a password): e.g. `Basic auth, CA ca.pem`. */
export function describeSecurity(security: SecuritySettings, flags: SecurityFlags): string {
  const parts: string[] = [];
  if (typeof security.password === "string") parts.push("Basic auth");
  else if (security.password) {
    parts.push(
      `Basic auth for ${Object.keys(security.password).length} ids of ${flags.passwordFile}`,
    );
  }
  if (flags.caFile) parts.push(`CA ${flags.caFile}`);
  return parts.join(", ");
}
