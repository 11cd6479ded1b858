/**
 * The TransactionEvent queue of one simulated station (E04 offline queueing). Events leave it
 * only when the CSMS has acknowledged them, in order. With a path it lives in a JSONL file as
 * well, so a restarted simulator delivers what it had not delivered and closes transactions
 * the restart cut off (Ended, PowerLoss).
 *
 * File lines: `{"p":event}` an event still to deliver, `{"o":event}` the last delivered event of
 * a transaction still open, `{"m":Wh}` the meter register. Pushes append; acks rewrite the file
 * (a few lines) through a temporary file and a rename, so a crash never leaves half a file.
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

interface TxFacts {
  transactionId: string;
  eventType: string;
  seqNo: number;
}

function factsOf(payload: Payload): TxFacts {
  const info = payload.transactionInfo as { transactionId: string };
  return {
    transactionId: info.transactionId,
    eventType: String(payload.eventType),
    seqNo: Number(payload.seqNo),
  };
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

/** Opens (and reads back) the queue of a station; `path` null keeps it in memory only. */
export async function openTxQueue(path: string | null): Promise<TxQueue> {
  const pending: Payload[] = [];
  const open = new Map<string, Payload>();
  let registerWh: number | undefined;
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;

  const track = (payload: Payload) => {
    const facts = factsOf(payload);
    if (facts.eventType === "Ended") open.delete(facts.transactionId);
    else if (Number(open.get(facts.transactionId)?.seqNo ?? -1) < facts.seqNo) {
      open.set(facts.transactionId, payload);
    }
    const wh = registerOf(payload);
    if (wh !== undefined) registerWh = Math.max(registerWh ?? 0, wh);
  };

  if (path !== null) {
    const text = await readIfExists(path);
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      const entry = JSON.parse(line) as { p?: Payload; o?: Payload; m?: number };
      if (entry.m !== undefined) registerWh = Math.max(registerWh ?? 0, entry.m);
      if (entry.o) track(entry.o);
      if (entry.p) {
        pending.push(entry.p);
        track(entry.p);
      }
    }
  }

  const write = (op: () => Promise<void>) => {
    if (path === null) return;
    writing = writing.then(op).catch((error) => {
      failure ??= error;
    });
  };
  const check = () => {
    if (failure !== undefined) {
      throw new Error(`Cannot write the transaction queue ${path}`, { cause: failure });
    }
  };
  const rewrite = () => {
    const lines = [
      ...(registerWh === undefined ? [] : [JSON.stringify({ m: registerWh })]),
      ...[...open.values()].map((o) => JSON.stringify({ o })),
      ...pending.map((p) => JSON.stringify({ p })),
    ];
    const content = lines.length === 0 ? "" : lines.join("\n") + "\n";
    write(async () => {
      const tmp = `${path}.tmp`;
      await Deno.writeTextFile(tmp, content);
      await Deno.rename(tmp, path!);
    });
  };

  const queue: TxQueue = {
    get size() {
      return pending.length;
    },
    get head() {
      return pending[0];
    },
    get registerWh() {
      return registerWh;
    },
    push(payload) {
      check();
      pending.push(payload);
      track(payload);
      const line = JSON.stringify({ p: payload }) + "\n";
      write(() => Deno.writeTextFile(path!, line, { append: true }));
    },
    ack() {
      check();
      if (pending.shift() !== undefined) rewrite();
    },
    noteRegister(wh) {
      registerWh = Math.max(registerWh ?? 0, wh);
      rewrite();
    },
    closeOpenTransactions() {
      const cut = [...open.values()];
      for (const last of cut) queue.push(powerLossEnded(last, registerWh));
      return cut.length;
    },
    async flush() {
      await writing;
      check();
    },
  };
  return queue;
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
function powerLossEnded(last: Payload, registerWh: number | undefined): Payload {
  const facts = factsOf(last);
  const timestamp = String(last.timestamp);
  const ended: Payload = {
    eventType: "Ended",
    timestamp,
    triggerReason: "AbnormalCondition",
    seqNo: facts.seqNo + 1,
    offline: true,
    transactionInfo: { transactionId: facts.transactionId, stoppedReason: "PowerLoss" },
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
