/**
 * A01, updating a station's Basic-auth password: the CSMS sends SetVariables with
 * `SecurityCtrlr.BasicAuthPassword`, and only once the station has accepted it does the new
 * hash replace the old one. Wrapping `Csms.send` catches the call whatever sent it (the
 * {@link rotatePassword} helper, the REST API's generic OCPP route, a plugin).
 */
import type { Clock } from "../runtime/clock.ts";
import type { Csms } from "./csms.ts";
import type { AnyEvent } from "./events.ts";
import type { RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import type { CredentialStore } from "./credentials.ts";
import { generatePassword, hashPassword } from "./password.ts";
import { isoNow } from "../runtime/clock.ts";

export const SECURITY_COMPONENT = "SecurityCtrlr";
export const PASSWORD_VARIABLE = "BasicAuthPassword";

type SetVariableData = RequestOf<"SetVariables">["setVariableData"][number];
type SetVariableResult = ResponseOf<"SetVariables">["setVariableResult"][number];

function isPasswordEntry(entry: SetVariableData | SetVariableResult): boolean {
  return entry.component.name === SECURITY_COMPONENT && entry.variable.name === PASSWORD_VARIABLE &&
    (entry.attributeType ?? "Actual") === "Actual";
}

/** Dependencies of {@link withPasswordRotation}. */
export interface RotationDeps {
  credentials: CredentialStore;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
  /** Default {@link hashPassword} with its default iterations. */
  hash?(password: string): Promise<string>;
}

/** A `Csms` whose SetVariables of BasicAuthPassword store the new hash once accepted. */
export function withPasswordRotation(csms: Csms, deps: RotationDeps): Csms {
  const hash = deps.hash ?? ((password: string) => hashPassword(password));
  async function setVariables(
    chargerId: string,
    payload: RequestOf<"SetVariables">,
  ): Promise<ResponseOf<"SetVariables">> {
    const entry = payload.setVariableData.find(isPasswordEntry);
    if (!entry) return await csms.send(chargerId, "SetVariables", payload);
    // Hashed before sending, so the new hash is stored the moment the answer arrives.
    const newHash = await hash(entry.attributeValue);
    const response = await csms.send(chargerId, "SetVariables", payload);
    const result = response.setVariableResult.find(isPasswordEntry);
    // RebootRequired: the station keeps the new password and uses it after the reboot, so
    // keeping the old one would lock it out then.
    const isAccepted = result?.attributeStatus === "Accepted" ||
      result?.attributeStatus === "RebootRequired";
    if (isAccepted) {
      await deps.credentials.setPasswordHash(chargerId, newHash);
      const at = isoNow(deps.clock);
      deps.emit({
        type: "security.event",
        payload: {
          chargerId,
          type: "BasicAuthPasswordUpdated",
          techInfo: `station answered ${result.attributeStatus}`,
          timestamp: at,
          at,
        },
      });
    }
    return response;
  }
  return {
    ...csms,
    send(chargerId, action, payload) {
      if (action !== "SetVariables") return csms.send(chargerId, action, payload);
      return setVariables(chargerId, payload as RequestOf<"SetVariables">) as never;
    },
  };
}

/**
 * Sends a new password (a generated one unless given) to a connected station and resolves
 * with the station's answer for it; the hash is stored by {@link withPasswordRotation}.
 */
export async function rotatePassword(
  csms: Csms,
  chargerId: string,
  password: string = generatePassword(),
): Promise<{ status: string; password: string }> {
  const response = await csms.send(chargerId, "SetVariables", {
    setVariableData: [{
      component: { name: SECURITY_COMPONENT },
      variable: { name: PASSWORD_VARIABLE },
      attributeValue: password,
    }],
  });
  const result = response.setVariableResult.find(isPasswordEntry);
  return { status: result?.attributeStatus ?? "Rejected", password };
}
