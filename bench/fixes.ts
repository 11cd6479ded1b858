/**
 * What the numbers led us to change, with the before and after measured by this harness.
 * Appended by hand when a fix lands (its commit message carries the same numbers).
 */

/** One fix. */
export interface Fix {
  title: string;
  commit: string;
  before: string;
  after: string;
  why: string;
}

export const FIXES: Fix[] = [
  {
    title: "Group commit of TransactionEvents",
    commit: "4cb717d",
    before: "1,032–1,365 msgs/s back to back at 1,000 chargers, 780–900 µs of CSMS CPU per " +
      "message, p99 inside 128–333 ms",
    after: "4,250–5,144 msgs/s, 206–230 µs per message, p99 inside 28–40 ms",
    why: "85 % of the CSMS's CPU was PGlite running one database transaction per " +
      "TransactionEvent (~1.3 ms each); saves arriving during a commit now share the next one " +
      "with multi-row statements, still acknowledged only after their commit.",
  },
  {
    title: "No crash when a charger reconnects while its old actor is busy",
    commit: "5d6a736",
    before: "reconnect storm of 10,000: the CSMS process died (Cannot spawn actor … already " +
      "running), 1,898 chargers not back after 90 s, 13,654 call timeouts",
    after: "all 10,000 back in 16–45 s, 0 errors",
    why: "accept() now stops a lingering actor as it stops a replaced one.",
  },
  {
    title: "Overload admission (per-station gap while the event loop lags)",
    commit: "9f40627",
    before: "10,000 chargers back to back: 7,810–8,738 chargers completed nothing in 15 s; " +
      "2× overload: 5,322–6,255 completed nothing in 20 s, 2,226 sockets closed by Deno's idle " +
      "timeout, 905–2,159 call timeouts",
    after: "0 and 0 chargers without progress, no drops, no timeouts; deferrable calls beyond " +
      'one per station per gap get InternalError "CSMS overloaded: retry in N s"',
    why: "a saturated Deno server reads a lucky subset of sockets (ss showed unread data on " +
      "~9,700 of 10,000 server sockets); keeping the loop below saturation lets every socket " +
      "be read.",
  },
  {
    title: "PGlite in a worker thread, one message per database transaction",
    commit: "b7424d5, 84c81f7",
    before: "1,000 chargers back to back: 3,660 msgs/s (7.1 % of raw in that run), 3,064 " +
      "durable TransactionEvents/s, 4,000 calls shed; Heartbeats only 20,455 msgs/s (38 %); " +
      "reconnect storm of 10,000 all back in 17.1 s; 10,000 busy: min 1 call per charger",
    after: "7,225 msgs/s (21.0 % of raw in this run), 6,060 TransactionEvents/s, as many as " +
      "PGlite sustains alone (5,878 in the inserts bench); Heartbeats only 31,227 (71.7 %); " +
      "storm 12.3 s; 10,000 busy: min 8 calls",
    why: "PGlite runs each statement to completion in WebAssembly, so in the CSMS's thread a " +
      "batch stalled every socket and the admission gate shed calls for a lag the database " +
      "caused. It now runs in a Web Worker; each batch or group commit is one message there " +
      "(a round trip per statement queued behind thousands of socket events and cut batched " +
      "writes to ~2,000 rows/s), heartbeats coalesce per charger in the queue, and a batch " +
      "backlog over 10,000 rows engages the gate instead of dropping rows.",
  },
  {
    title: "PGlite prepares each parameterised statement once",
    commit: "8854d57",
    before: "a lone TransactionEvent 1.8 ms of PGlite time; 1,000 chargers steady: 51 % CPU",
    after: "0.7 ms; 42 % CPU at the same 233 msgs/s",
    why: "PGlite's query() parses and plans every statement anew (~1 ms for the " +
      "TransactionEvent statement in WebAssembly); PREPARE once, EXECUTE after.",
  },
  {
    title: "Simulator: own WebSocket client, pooled timers, classes, less garbage, GC flag",
    commit: "dabee3f…3b1a4c9, ad4c95c",
    before: "10,000 charging stations: 93.3 KB RSS and 61.4 KB heap per station, 54.1 µs per " +
      "message; 1,000: 128.8 KB",
    after: "38.7 KB RSS and 27.9 KB heap per station, 52.0 µs; 1,000: 86.7 KB",
    why: "live state per station was ~21 KB (slow-mode object literals, ~30 closures, " +
      "Deno's WebSocket at 19 KB RSS per connection, a timer each) and each message " +
      "allocated 17 KB, 40 % of it validating the station's own calls; V8 then let the old " +
      "generation grow to 4× the live data. Now 12 KB live, a client on Deno.connect " +
      "(11.5 KB), one runtime timer, answers validated at the boundary only, and " +
      "--heap-growing-percent=100 for `deno task sim`.",
  },
  {
    title: "Actor runtime, call queue and reply timer as classes; one slot per unanswered CALL",
    commit: "704dbb6",
    before: "12.6 KB of JS heap per connected charger (bench/heap_probe.ts, 2,000 chargers)",
    after: "7.2 KB",
    why: "the mailbox, actor cell, ref, call queue and reply timer were objects of closures " +
      "with getters, ~450 bytes of out-of-object properties each and ~40 closures per actor, " +
      "and the reply timer kept two empty Maps (~650 bytes) per connection although OCPP-J " +
      "has one CALL open at a time. Methods now live on prototypes.",
  },
  {
    title: "Precompiled schema checks before zod",
    commit: "7ccadd3",
    before: "validating a TransactionEvent 10.2 µs (zod safeParse); zod 5 % of the CSMS " +
      "thread's busy time at 1,000 chargers back to back on PostgreSQL",
    after: "1.9 µs; zod runs only for a payload the check refuses, to name the problem",
    why: "zod keeps issue and path bookkeeping and copies every object it parses. Each schema " +
      "is compiled once into plain checks that accept exactly what zod accepts (compared on " +
      "every official schema's samples and ~38,000 mutations).",
  },
  {
    title: "TransactionEvents as one JSON recordset; array literals escape only what needs it; " +
      "PGlite's EXECUTE through the simple protocol",
    commit: "9fd8796",
    before: "steady 1,000 chargers on a quiet machine: PGlite 2,244 µs of CPU per message (its " +
      "worker 1,384), PostgreSQL 1,073; saturation 1,000 on PGlite 3,725 msgs/s",
    after: "PGlite 1,789 (worker 1,066), PostgreSQL 1,009; saturation 5,888–6,174 msgs/s",
    why: "twenty `unnest` array literals quoted every value, escaped every payload twice " +
      "(pgText, then the array's quotes) and copied each payload tree to sanitise it: ~12 % of " +
      "the CSMS thread's busy time at saturation. The rows now travel as one " +
      "`jsonb_to_recordset` parameter that JSON.stringify writes in one pass, sanitised only " +
      "when a scan of the text finds U+0000, a lone surrogate or too deep a nesting. On PGlite " +
      "an EXECUTE has no parameters, so it goes through exec(): one call into the " +
      "WebAssembly instead of parse, bind, describe and execute (269 → 180 µs for a no-op).",
  },
  {
    title: "Group commit with several batches in flight on PostgreSQL",
    commit: "0bf9f72",
    before:
      "the engine with group commit alone (1,000 parallel writers) 5,249 TransactionEvents/s " +
      "on PostgreSQL; Tamna at saturation 4,510",
    after: "10,054 alone; Tamna at saturation 4,682 (PostgreSQL's own CPU is then the limit on " +
      "two cores)",
    why: "one batch at a time left PostgreSQL's pool of ten connections idle while a commit " +
      "waited for its fsync. Once 50 saves wait, up to four batches are written at once; an " +
      "event never joins a batch while another holds its transaction, so each transaction's " +
      "events still commit in order.",
  },
  {
    title: "Device model: unfinished reports indexed by charger",
    commit: "0827431",
    before: "steady 10,000 chargers after the ramp: PostgreSQL 270 µs per message, p99 inside " +
      "146 ms, 770 calls shed; PGlite 545 µs, p99 99 ms",
    after: "PostgreSQL 218 µs, p99 49.5 ms, none shed; PGlite 468 µs, p99 54 ms",
    why: "each first boot asks for a full report, and expect() walked every charger's " +
      "unfinished reports to drop the booting charger's (O(N²)): 27 % of the CSMS thread's " +
      "busy time while 10,000 boots were worked off.",
  },
  {
    title: "WebSocket idle timeout from the Heartbeat interval",
    commit: "58e5ade",
    before: "Deno's fixed idle timeout pinged every idle charger; on a saturated loop their " +
      "pongs sat unread and 2,760 of 16,346 chargers were closed with 1001 (realistic shape, " +
      "19,000 asked)",
    after: "idle timeout 2 × Heartbeat interval + 60 s (660 s for the realistic shape's 300 s " +
      "Heartbeats): a live charger is never pinged",
    why: "a charger that heartbeats is alive; the ping only has to find one that vanished " +
      "without a FIN.",
  },
  {
    title: "Smart charging plans a charger on no site alone",
    commit: "e3d5d94",
    before: "realistic shape, 10,000 chargers on PostgreSQL: 1,459 µs of CSMS CPU per message " +
      "(main 1,293), p99 inside 14.1 ms",
    after: "1,257 µs (main 1,098), p99 12.9 ms (the same run's other code, A/B of this change)",
    why: "all site-less sessions were one planning unit: each start or end re-planned every " +
      "one of them (~5,000) and built an allocation event with a limit each, and each meter " +
      "sample scheduled that again, although nothing couples chargers without a site.",
  },
  {
    title: "Room on each transactions page for HOT updates (fillfactor 70)",
    commit: "fa724f2",
    before: "inserts bench, 1,000 transactions updated in turn: 17 % of the row updates HOT; " +
      "PGlite 8,541–8,738 grouped TransactionEvents/s, PostgreSQL 19,518–21,408",
    after: "75 % HOT; PGlite 10,205–10,869/s, PostgreSQL 20,941–23,493 (within its noise); " +
      "one commit per event unchanged on both (the commit is that cost)",
    why: "each TransactionEvent rewrites its transaction's row; on full pages every new " +
      "version went into all five indexes of the table, though none of the columns it " +
      "changes is indexed.",
  },
  {
    title: "PGlite's new WAL segments are not zero-filled (wal_init_zero off)",
    commit: "6d2aadf",
    before: "a PGlite loop of 5-row inserts stalled ~60 ms at every new 16 MB WAL segment " +
      "(17 stalls in 22 s, each at a segment switch); 10,000 steady on PGlite: p99 inside " +
      "56–67 ms, batch commit max 73–80 ms",
    after: "the same loop: no stall over 18 ms; 10,000 steady: p99 inside 30.7 and 38.1 ms in " +
      "two runs, batch commit max 24 and 99 ms (the other stalls are the CSMS thread's: loop " +
      "lag max 59–114 ms)",
    why: "PostgreSQL writes a new WAL segment full of zeros before using it; through " +
      "Emscripten's file system that is 16 MB of writes while every statement waits. PGlite " +
      "runs with fsync off, so the pre-allocation buys no durability.",
  },
  {
    title: "Admission counts a busy event loop thread, not only a late one",
    commit: "4285bac",
    before: "10,000 chargers, Heartbeats only at 2× what the CSMS answers: 1,452–1,569 " +
      "chargers without progress in 20 s on PGlite, nothing shed (mean loop lag 8 ms, the " +
      "thread 98 % busy); 1,000 chargers back to back: PGlite 28,435, PostgreSQL 18,287 " +
      "Heartbeats/s (earlier run, same host)",
    after: "0 without progress on PGlite and PostgreSQL (min 2–5 calls per charger), " +
      "6,871–9,614 answered/s; 1,000 back to back: PGlite 21,999, PostgreSQL 20,295/s with " +
      "a 100 ms gap part of the time",
    why: "cheap calls keep the loop's timers punctual while the thread never idles, and a " +
      "saturated Deno leaves some sockets unread; the thread's own CPU time " +
      "(process.threadCpuUsage) shows the saturation the lag sampler misses.",
  },
  {
    title: "Group commit starts after the event loop's turn; batched writes wait for their delay",
    commit: "ea77693, cbab4ca",
    before: "10,000 steady, PostgreSQL: 8,181 TransactionEvent commits and 363 batched writes " +
      "in 30 s, p50 inside 2.96 ms; PGlite: 8,986 commits; te_probe, one charger: 830 " +
      "batched writes for 3,000 events, 206.7 µs of CSMS CPU and 1.48 wake-ups per event; " +
      "seven chargers per turn: 85.0 µs per event, 3,085 events/s",
    after: "10,000 steady: PostgreSQL 6,547–6,555 commits and 147 batched writes, p50 2.38 ms; " +
      "PGlite 6,264–6,282 commits, 145 batched writes; te_probe, one charger: 8 batched " +
      "writes, 146.7 µs and 1.01 wake-ups per event; seven per turn: 59.3 µs, 6,661 events/s",
    why: "the first TransactionEvent of a wake-up was committed alone while the others read " +
      "in the same turn waited for the next commit; the batched writer wrote again right " +
      "after each write with whatever had arrived meanwhile, so a steady trickle of meter " +
      "samples made a commit per 3–6 rows instead of one per 200 ms.",
  },
  {
    title: "Cheaper per-event work: the storable-JSON check and one timestamp text per frame",
    commit: "7243535, c4a7372",
    before: "te_probe, 50 chargers per turn on PostgreSQL: 36.5–38.5 µs of CSMS CPU per " +
      "TransactionEvent (the JSON check 6 % of it)",
    after: "33.0–34.0 µs per event",
    why: "the check read every character of the stored payload in JavaScript, most of them " +
      "inside strings; it now finds refused escapes with one native search and skips strings " +
      "with indexOf. A TransactionEvent formatted its timestamp four times.",
  },
  {
    title: "Stations load in one query per event-loop turn",
    commit: "f31d3ed",
    before: "reconnect storm of 10,000 after a restart: all back in 3.64 and 4.09 s on PGlite, " +
      "2.93 and 2.78 s on PostgreSQL (two runs each)",
    after: "3.36 and 2.94 s on PGlite, 2.38 and 2.28 s on PostgreSQL; the first connection " +
      "ramp unchanged within its noise (PGlite all ready in 4.9–6.1 s either way)",
    why: "each connecting charger's actor read its registration and open transactions with two " +
      "statements of its own (on PGlite each a message to the worker, one at a time); the " +
      "reads of one turn now share one joined statement.",
  },
  {
    title: "The admission gate samples a calm event loop every 500 ms",
    commit: "8ad65a2",
    before: "34 idle chargers on PostgreSQL: 38.3 wake-ups/s of the event loop; bench " +
      "--chargers 34 --phases realistic: 103–110 wake-ups and 21.8 ms (PostgreSQL) / 26.1 ms " +
      "(PGlite) of CPU per message; 1,000 steady on PostgreSQL: 1.70–1.79 wake-ups per message",
    after: "4.75 wake-ups/s; 17–19 wake-ups and 13.1 / 21.0 ms per message; 1.63–1.66 " +
      "wake-ups per message (its CPU within this host's noise, three pairs); 10,000 " +
      "Heartbeats-only 2× overload still 0 chargers without progress",
    why: "the lag sampler's 50 ms interval (two wake-ups per firing with Deno's timer wheel) " +
      "was most of a quiet CSMS's wake-ups; after four calm windows it samples every 500 ms " +
      "and returns to 50 ms at the first sample that is not calm.",
  },
];
