/**
 * The TransactionEvent queue of one simulated station (E04 offline queueing). Events leave it
 * only when the CSMS has acknowledged them, in order. With a path it lives in a JSONL file as
 * well, so a restarted simulator delivers what it had not delivered and closes transactions
 * the restart cut off (Ended, PowerLoss).
 *
 * File lines: `{"p":event}` an event still to deliver, `{"o":event}` the last delivered event of
 * a transaction still open (only its id, seqNo, timestamp and evse), `{"m":Wh}` the meter
 * register. Pushes append; acks rewrite the file (a few lines) through a temporary file and a
 * rename, so a crash never leaves half a file. Without a file nothing is serialized.
 */

type Payload = Record<string, unknown>;

/** One queue of one station. */
export interface TxQueue {
  /** Events not yet acknowledged. */
  readonly size: number;
  /** The next event to deliver. */
  readonly head: Payload | undefined;
  /** The highest meter register seen in any event (or restored from disk). */
  readonly registerWh: number | undefined;
  /** Appends an event (in memory at once, on disk in order). */
  push(payload: Payload): void;
  /** Drops the head: the CSMS acknowledged it (or it was given up after its attempts). */
  ack(): void;
  /** Records the register without an event (at shutdown). */
  noteRegister(registerWh: number): void;
  /** Queues an Ended (PowerLoss) for every transaction left open, e.g. by a restart. */
  closeOpenTransactions(): number;
  /** Resolves when everything so far is on disk; rejects if a write failed. */
  flush(): Promise<void>;
}

/**
 * What the queue remembers of the last delivered event of an open transaction: enough for the
 * Ended a restart sends, not the whole event. Holding every open transaction's last event with
 * its meter values kept ~1 KB per charging station alive between TransactionEvents.
 */
interface OpenTx {
  transactionId: string;
  seqNo: number;
  timestamp: string;
  evse: unknown;
}

function openTxOf(payload: Payload): OpenTx {
  const info = payload.transactionInfo as { transactionId: string };
  return {
    transactionId: info.transactionId,
    seqNo: Number(payload.seqNo),
    timestamp: String(payload.timestamp),
    evse: payload.evse,
  };
}

/** An open transaction as a file line's event (what `openTxOf` reads back). */
function openTxEvent(open: OpenTx): Payload {
  const event: Payload = {
    seqNo: open.seqNo,
    timestamp: open.timestamp,
    transactionInfo: { transactionId: open.transactionId },
  };
  if (open.evse !== undefined) event.evse = open.evse;
  return event;
}

function registerOf(payload: Payload): number | undefined {
  const meterValue = payload.meterValue as
    | { sampledValue: { measurand?: string; value: number }[] }[]
    | undefined;
  let wh: number | undefined;
  for (const mv of meterValue ?? []) {
    for (const s of mv.sampledValue) {
      const measurand = s.measurand ?? "Energy.Active.Import.Register";
      if (measurand === "Energy.Active.Import.Register") wh = Math.max(wh ?? 0, s.value);
    }
  }
  return wh;
}

const RESOLVED = Promise.resolve();

/** Opens (and reads back) the queue of a station; `path` null keeps it in memory only. */
export async function openTxQueue(path: string | null): Promise<TxQueue> {
  const queue = new StationTxQueue(path);
  if (path !== null) {
    const text = await readIfExists(path);
    for (const line of text.split("\n")) {
      if (line.trim() !== "") queue.restore(JSON.parse(line));
    }
  }
  return queue;
}

/**
 * One station's queue. A class rather than closures because a fleet holds one per station,
 * and per-instance closures and getters cost ~1 KB each where prototype methods cost nothing.
 */
class StationTxQueue implements TxQueue {
  readonly #path: string | null;
  readonly #pending: Payload[] = [];
  /** Open transactions, oldest first (a station has one EVSE, so rarely more than one). */
  readonly #open: OpenTx[] = [];
  #registerWh: number | undefined;
  #writing: Promise<void> = Promise.resolve();
  #failure: unknown;

  constructor(path: string | null) {
    this.#path = path;
  }

  get size(): number {
    return this.#pending.length;
  }
  get head(): Payload | undefined {
    return this.#pending[0];
  }
  get registerWh(): number | undefined {
    return this.#registerWh;
  }

  /** Takes back one line of the file. */
  restore(entry: { p?: Payload; o?: Payload; m?: number }): void {
    if (entry.m !== undefined) this.#noteWh(entry.m);
    if (entry.o) this.#track(entry.o);
    if (entry.p) {
      this.#pending.push(entry.p);
      this.#track(entry.p);
    }
  }

  push(payload: Payload): void {
    this.#check();
    this.#pending.push(payload);
    this.#track(payload);
    const path = this.#path;
    if (path === null) return;
    const line = JSON.stringify({ p: payload }) + "\n";
    this.#write(() => Deno.writeTextFile(path, line, { append: true }));
  }

  ack(): void {
    this.#check();
    if (this.#pending.shift() !== undefined) this.#rewrite();
  }

  noteRegister(registerWh: number): void {
    this.#noteWh(registerWh);
    this.#rewrite();
  }

  closeOpenTransactions(): number {
    const cut = [...this.#open];
    for (const last of cut) this.push(powerLossEnded(last, this.#registerWh));
    return cut.length;
  }

  flush(): Promise<void> {
    // In memory there is nothing to wait for: no promise per TransactionEvent.
    if (this.#path === null) return RESOLVED;
    return this.#writing.then(() => this.#check());
  }

  #noteWh(wh: number): void {
    this.#registerWh = Math.max(this.#registerWh ?? 0, wh);
  }

  #track(payload: Payload): void {
    const transactionId = (payload.transactionInfo as { transactionId: string }).transactionId;
    const i = this.#open.findIndex((o) => o.transactionId === transactionId);
    if (payload.eventType === "Ended") {
      if (i >= 0) this.#open.splice(i, 1);
    } else if (i < 0) this.#open.push(openTxOf(payload));
    else if (this.#open[i].seqNo < Number(payload.seqNo)) {
      // Updated in place: every 5 s per station, so no new object each time.
      Object.assign(this.#open[i], openTxOf(payload));
    }
    const wh = registerOf(payload);
    if (wh !== undefined) this.#noteWh(wh);
  }

  #write(op: () => Promise<void>): void {
    this.#writing = this.#writing.then(op).catch((error) => {
      this.#failure ??= error;
    });
  }

  #check(): void {
    if (this.#failure !== undefined) {
      throw new Error(`Cannot write the transaction queue ${this.#path}`, {
        cause: this.#failure,
      });
    }
  }

  #rewrite(): void {
    const path = this.#path;
    if (path === null) return;
    const lines = [
      ...(this.#registerWh === undefined ? [] : [JSON.stringify({ m: this.#registerWh })]),
      ...this.#open.map((o) => JSON.stringify({ o: openTxEvent(o) })),
      ...this.#pending.map((p) => JSON.stringify({ p })),
    ];
    const content = lines.length === 0 ? "" : lines.join("\n") + "\n";
    this.#write(async () => {
      const tmp = `${path}.tmp`;
      await Deno.writeTextFile(tmp, content);
      await Deno.rename(tmp, path);
    });
  }
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}

/** The Ended a station sends after a restart cut its transaction off (E?: stoppedReason PowerLoss). */
function powerLossEnded(last: OpenTx, registerWh: number | undefined): Payload {
  const { timestamp } = last;
  const ended: Payload = {
    eventType: "Ended",
    timestamp,
    triggerReason: "AbnormalCondition",
    seqNo: last.seqNo + 1,
    offline: true,
    transactionInfo: { transactionId: last.transactionId, stoppedReason: "PowerLoss" },
  };
  if (last.evse) ended.evse = last.evse;
  if (registerWh !== undefined) {
    ended.meterValue = [{
      timestamp,
      sampledValue: [{
        value: registerWh,
        context: "Transaction.End",
        measurand: "Energy.Active.Import.Register",
        unitOfMeasure: { unit: "Wh" },
      }],
    }];
  }
  return ended;
}
