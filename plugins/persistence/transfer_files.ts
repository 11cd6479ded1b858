/**
 * The files of firmware and log campaigns in Tamna's data directory: firmware images it serves
 * (`<dataDir>/firmware/<id>`) and log files chargers upload (`<dataDir>/logs/<name>`). Every
 * name is chosen here; nothing a charger or a caller sends becomes part of a path.
 */
import type { TransferFiles } from "../../actors/csms/campaigns.ts";
import { randomToken } from "../../actors/csms/campaigns.ts";

/** A name this module made: letters, digits, `_`, `-` and one `.log` at most. */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,200}(?:\.log)?$/;

/** Writes `bytes` to `path` through a temporary file, so a reader never sees half a file. */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  await Deno.writeFile(partial, bytes, { mode: 0o640 });
  await Deno.rename(partial, path);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A charger id as a file-name part: anything but letters, digits, `_` and `-` becomes `_`. */
function namePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "charger";
}

/** The transfer files under `dataDir`. */
export function transferFiles(dataDir: string): TransferFiles {
  const firmwareDir = `${dataDir}/firmware`;
  const logDir = `${dataDir}/logs`;
  const pathIn = (dir: string, name: string) => {
    if (!SAFE_NAME.test(name)) throw new RangeError(`Not a file name Tamna made: ${name}`);
    return `${dir}/${name}`;
  };
  return {
    async saveFirmware(bytes) {
      await Deno.mkdir(firmwareDir, { recursive: true });
      const firmwareId = randomToken();
      await writeWhole(pathIn(firmwareDir, firmwareId), bytes);
      return { firmwareId, sizeBytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
    },
    firmwarePath: (firmwareId) => pathIn(firmwareDir, firmwareId),
    async saveLog(bytes, owner) {
      await Deno.mkdir(logDir, { recursive: true });
      const stamp = new Date(owner.atMs).toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
      const fileName = `${namePart(owner.chargerId)}_${owner.requestId}_${stamp}_${
        randomToken().slice(0, 6)
      }.log`;
      await writeWhole(pathIn(logDir, fileName), bytes);
      return { fileName, sizeBytes: bytes.byteLength };
    },
    logPath: (fileName) => pathIn(logDir, fileName),
    isFileName: (name) => SAFE_NAME.test(name),
  };
}
