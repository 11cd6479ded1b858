/** The read-only view of live actors that routes and plugins look ids up in. */

import type { ActorRef } from "./actor.ts";

/**
 * Live actors by id. Only the supervisor writes to it (STYLE §12); everyone else reads.
 *
 * @example
 * ```ts
 * import { createSupervisor } from "./supervisor.ts";
 * import type { Registry } from "./registry.ts";
 * const registry: Registry = createSupervisor();
 * console.log(registry.get("emart_jeju_01")?.status ?? "offline");
 * ```
 */
export interface Registry {
  /** The live actor with this id (starting, running or restarting), if any. */
  get<M>(id: string): ActorRef<M> | undefined;
  /** Ids of live actors, in spawn order. */
  ids(): string[];
  readonly size: number;
}
