/**
 * Keeps a node's in-memory copies of the managed network current when another node changes it:
 * the ID tokens Authorize answers from, the tariffs pricing reads and the inventory the live view
 * and smart charging read are reloaded from the database on that node's `id-token.changed`,
 * `tariff.changed` and `inventory.changed`. Reloads of one kind never overlap, and a burst of
 * changes (a CSV import, a site moved) costs at most one more reload after the running one.
 */
import { getLogger } from "@logtape/logtape";
import type { Inventory } from "../actors/csms/inventory.ts";
import type { LiveView } from "../actors/csms/live_view.ts";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import type { ClusterNode } from "./node.ts";

const log = getLogger(["tamna", "cluster", "managed"]);

/** A reload that runs one at a time, once more if asked again while running. */
function coalesced(name: string, reload: () => Promise<void>): () => void {
  let running: Promise<void> | undefined;
  let isAgain = false;
  const run = (): void => {
    if (running) {
      isAgain = true;
      return;
    }
    running = reload()
      .catch((error) => log.error("Cannot reload the {name}: {error}", { name, error }))
      .finally(() => {
        running = undefined;
        if (isAgain) {
          isAgain = false;
          run();
        }
      });
  };
  return run;
}

/** Follows the other nodes' changes of the managed network. */
export function followManagedChanges(
  cluster: Pick<ClusterNode, "onRemoteEvent">,
  deps: { network: ManagedNetwork; view: LiveView; loadInventory(): Promise<Inventory> },
): void {
  const reloads: Record<string, () => void> = {
    "id-token.changed": coalesced("ID tokens", () => deps.network.tokens.load()),
    "tariff.changed": coalesced("tariffs", () => deps.network.tariffs.load()),
    "inventory.changed": coalesced("inventory", async () => {
      deps.view.setInventory(await deps.loadInventory());
    }),
  };
  cluster.onRemoteEvent((type) => reloads[type]?.());
}
