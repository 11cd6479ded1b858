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
];
