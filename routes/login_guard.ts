/**
 * Guards the HTTP API's login and first-run setup as the OCPP port guards station logins: an
 * attempt is counted against its address when it starts (10 failures per minute, then a one
 * minute block; the 11th parallel attempt is refused unchecked), slow checks run one at a time
 * with a short queue, and an unknown user name costs one PBKDF2 run like a known one.
 */
import type { Clock } from "../actors/runtime/clock.ts";
import { createPasswordVerifier, type PasswordVerifier } from "../actors/csms/password.ts";
import { createHashGate, type HashGate } from "./ocpp/hash_gate.ts";
import { createFailureLimiter, type FailureLimiter } from "./ocpp/rate_limiter.ts";

/** The outcome of one attempt. */
export type AttemptResult =
  | { outcome: "ok" }
  | { outcome: "wrong" }
  | { outcome: "limited"; retryAfterS: number }
  | { outcome: "busy"; retryAfterS: number };

/** The guard. */
export interface LoginGuard {
  /** Runs `check` for a caller at `address`, counted and queued; see {@link AttemptResult}. */
  attempt(address: string, check: () => Promise<boolean>): Promise<AttemptResult>;
  /** Checks a password against a stored hash, or against none (unknown user) at the same cost. */
  verify(password: string, hash: string | undefined): Promise<boolean>;
}

/** Builds a guard. */
export function createLoginGuard(
  options: {
    clock: Pick<Clock, "now">;
    verifier?: PasswordVerifier;
    limiter?: FailureLimiter;
    gate?: HashGate;
  },
): LoginGuard {
  const limiter = options.limiter ?? createFailureLimiter({ clock: options.clock });
  // Operators log in rarely: one check at a time keeps a login flood off the chargers' cores.
  const gate = options.gate ?? createHashGate(1, 16);
  const verifier = options.verifier ?? createPasswordVerifier();
  return {
    async attempt(address, check) {
      const blockedMs = limiter.blockedForMs(address);
      if (blockedMs > 0) return { outcome: "limited", retryAfterS: Math.ceil(blockedMs / 1000) };
      if (!limiter.reserve(address)) {
        return { outcome: "limited", retryAfterS: Math.ceil(limiter.refillMs() / 1000) };
      }
      let isRight: boolean;
      try {
        const checking = gate.run(check);
        if (!checking) {
          limiter.release(address);
          return { outcome: "busy", retryAfterS: 5 };
        }
        isRight = await checking;
      } catch (error) {
        limiter.release(address);
        throw error;
      }
      if (isRight) limiter.release(address);
      else limiter.fail(address, { isReserved: true });
      return isRight ? { outcome: "ok" } : { outcome: "wrong" };
    },
    verify: (password, hash) => verifier.verify(password, hash),
  };
}
