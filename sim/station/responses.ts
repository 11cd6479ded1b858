/**
 * The simulator checks what the CSMS answers, at the boundary (STYLE §1.3), and not the calls
 * it builds itself from typed state. Its call queues therefore run with `validate: false`:
 * validating every outgoing TransactionEvent with zod was ~45% of the bytes the simulator
 * allocated per message and ~30% of its CPU per message at 10,000 stations. A CSMS still
 * sees a malformed call (a bug) and answers it with a CALLERROR, as Tamna does.
 */
import type { Action } from "../../actors/ocpp/actions.ts";
import type { OcppError } from "../../actors/ocpp/errors.ts";
import { validatePayload } from "../../actors/ocpp/validate.ts";

/** Per action, whether an empty answer `{}` is valid (checked once, then remembered). */
const isEmptyValid = new Map<Action, boolean>();

/** The OCPP error a CALLRESULT payload of `action` deserves, or undefined when it is valid. */
export function responseProblem(action: Action, payload: unknown): OcppError | undefined {
  // Most answers to TransactionEvent are `{}`: the schema's verdict on it never changes.
  if (isEmptyObject(payload)) {
    let isValid = isEmptyValid.get(action);
    if (isValid === undefined) {
      isValid = validatePayload(action, "response", {}).ok;
      isEmptyValid.set(action, isValid);
    }
    if (isValid) return undefined;
  }
  const checked = validatePayload(action, "response", payload);
  return checked.ok ? undefined : checked.error;
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const _ in value) return false;
  return Object.getPrototypeOf(value) === Object.prototype;
}
