/**
 * Reservations (OCPP 2.0.1 H01–H04): ReserveNow and CancelReservation with a record per
 * reservation (idToken, EVSE or connector type, expiry, status). A reservation is `Active` until
 * the charger reports it Expired or Removed (ReservationStatusUpdate), it is cancelled, its
 * token starts a transaction on that charger (Used), or its expiry passes (the CSMS marks it
 * Expired itself, so a charger that went away cannot hold it forever).
 */
import type { Clock, TimerId } from "../runtime/clock.ts";
import type { SubscriberQueue } from "../runtime/bus.ts";
import type { ConnectorEnumType, IdTokenEnumType, RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import type { AnyEvent, Bus, ReservationStatus } from "./events.ts";
import { newRemoteStartId } from "./commands.ts";
import { isoNow } from "../runtime/clock.ts";

export type { ReservationStatus };

/** A reservation as stored. */
export interface Reservation {
  reservationId: number;
  chargerId: string;
  idToken: string;
  idTokenType: IdTokenEnumType;
  groupIdToken?: string;
  evseId?: number;
  connectorType?: ConnectorEnumType;
  expiresAt: string;
  status: ReservationStatus;
  createdAt: string;
  updatedAt: string;
}

/** Where reservations live (plugins/persistence/reservation_store.ts). */
export interface ReservationStore {
  save(reservation: Reservation): Promise<void>;
  get(chargerId: string, reservationId: number): Promise<Reservation | undefined>;
  list(filter: { chargerId?: string; isActive?: boolean; limit?: number }): Promise<Reservation[]>;
}

/** What a new reservation asks for. */
export interface ReserveOptions {
  idToken: string;
  idTokenType?: IdTokenEnumType;
  groupIdToken?: string;
  evseId?: number;
  connectorType?: ConnectorEnumType;
  /** When it ends, ISO 8601 (in the future). */
  expiresAt: string;
}

/** The reservation service. */
export interface Reservations {
  /** H01: ReserveNow; the record is stored whatever the charger answered. */
  reserve(
    chargerId: string,
    options: ReserveOptions,
  ): Promise<{ reservation: Reservation; ocppStatus: string }>;
  /** H02: CancelReservation; undefined when the charger has no such reservation on record. */
  cancel(
    chargerId: string,
    reservationId: number,
  ): Promise<{ reservation: Reservation; ocppStatus: string } | undefined>;
  get(chargerId: string, reservationId: number): Promise<Reservation | undefined>;
  list(filter?: { chargerId?: string; isActive?: boolean; limit?: number }): Promise<Reservation[]>;
  /**
   * After a restart: the Active reservations get their expiry timers back and are announced
   * (`reservation.changed`) so the live view shows them; those already past are Expired.
   */
  resume(): Promise<void>;
  /** Resolves once the updates received so far are stored (tests). */
  idle(): Promise<void>;
  /** Stops the expiry timers. */
  close(): void;
}

/** How the service sends a call. */
export type ReservationSend = <A extends "ReserveNow" | "CancelReservation">(
  chargerId: string,
  action: A,
  payload: RequestOf<A>,
) => Promise<ResponseOf<A>>;

/** Dependencies of {@link createReservations}. */
export interface ReservationDeps {
  store: ReservationStore;
  send: ReservationSend;
  bus: Pick<Bus, "on" | "createQueue">;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now" | "setTimeout" | "clearTimeout">;
  onError?(chargerId: string, error: unknown): void;
}

/** An Active reservation whose expiry has passed is Expired, whatever was stored. */
function current(r: Reservation, nowMs: number): Reservation {
  return r.status === "Active" && Date.parse(r.expiresAt) <= nowMs
    ? { ...r, status: "Expired" }
    : r;
}

/** The record of a ReserveNow the charger answered with `status`. */
function recordOf(
  chargerId: string,
  sent: { reservationId: number; options: ReserveOptions; status: string; at: string },
): Reservation {
  const { options, at } = sent;
  return {
    reservationId: sent.reservationId,
    chargerId,
    idToken: options.idToken,
    idTokenType: options.idTokenType ?? "Central",
    ...(options.groupIdToken && { groupIdToken: options.groupIdToken }),
    ...(options.evseId !== undefined && { evseId: options.evseId }),
    ...(options.connectorType && { connectorType: options.connectorType }),
    expiresAt: options.expiresAt,
    status: sent.status === "Accepted" ? "Active" : sent.status as ReservationStatus,
    createdAt: at,
    updatedAt: at,
  };
}

/** The ReserveNow request of a new reservation. */
function reserveNowRequest(id: number, options: ReserveOptions): RequestOf<"ReserveNow"> {
  return {
    id,
    expiryDateTime: options.expiresAt,
    idToken: { idToken: options.idToken, type: options.idTokenType ?? "Central" },
    ...(options.groupIdToken && {
      groupIdToken: { idToken: options.groupIdToken, type: "Central" as const },
    }),
    ...(options.evseId !== undefined && { evseId: options.evseId }),
    ...(options.connectorType && { connectorType: options.connectorType }),
  };
}

/**
 * The life of Active reservations: each has an expiry timer, and ends once (stored, announced).
 */
function lifecycle(deps: ReservationDeps) {
  const { store, clock } = deps;
  const timers = new Map<string, TimerId>();
  const keyOf = (r: Reservation) => `${r.chargerId}:${r.reservationId}`;
  const changed = (r: Reservation) =>
    deps.emit({
      type: "reservation.changed",
      payload: {
        chargerId: r.chargerId,
        reservationId: r.reservationId,
        status: r.status,
        idToken: r.idToken,
        ...(r.evseId !== undefined && { evseId: r.evseId }),
        expiresAt: r.expiresAt,
        at: r.updatedAt,
      },
    });
  async function end(r: Reservation, status: ReservationStatus): Promise<Reservation> {
    const timer = timers.get(keyOf(r));
    if (timer !== undefined) clock.clearTimeout(timer);
    timers.delete(keyOf(r));
    const ended = { ...r, status, updatedAt: isoNow(clock) };
    await store.save(ended);
    changed(ended);
    return ended;
  }
  /** Announces it and marks it Expired at its expiry if nothing ends it before. */
  function watch(r: Reservation): void {
    changed(r);
    const delayMs = Math.max(0, Date.parse(r.expiresAt) - clock.now());
    timers.set(
      keyOf(r),
      clock.setTimeout(() => {
        timers.delete(keyOf(r));
        void store.get(r.chargerId, r.reservationId).then((now) =>
          now?.status === "Active" ? end(now, "Expired") : undefined
        ).catch((error) => deps.onError?.(r.chargerId, error));
      }, delayMs),
    );
  }
  return {
    changed,
    end,
    watch,
    close() {
      for (const timer of timers.values()) clock.clearTimeout(timer);
      timers.clear();
    },
  };
}

/** Builds the service and subscribes it to the chargers' updates and starts. */
export function createReservations(deps: ReservationDeps): Reservations {
  const { store, clock } = deps;
  const queue: SubscriberQueue = deps.bus.createQueue("reservations", {
    onError: (error) => deps.onError?.("-", error),
  });
  const life = lifecycle(deps);
  deps.bus.on("reservation.updated", async (e) => {
    const r = await store.get(e.chargerId, e.reservationId);
    if (r?.status === "Active") await life.end(r, e.status);
  }, { queue, scope: "node" });
  deps.bus.on("transaction.started", async (e) => {
    if (e.idToken === undefined) return;
    const active = await store.list({ chargerId: e.chargerId, isActive: true });
    const used = active.find((r) => r.idToken === e.idToken || r.groupIdToken === e.idToken);
    if (used) await life.end(used, "Used");
  }, { queue, scope: "node" });

  return {
    async reserve(chargerId, options) {
      const reservationId = newRemoteStartId();
      const answer = await deps.send(
        chargerId,
        "ReserveNow",
        reserveNowRequest(reservationId, options),
      );
      const at = isoNow(clock);
      const reservation = recordOf(chargerId, {
        reservationId,
        options,
        status: answer.status,
        at,
      });
      await store.save(reservation);
      if (reservation.status === "Active") life.watch(reservation);
      else life.changed(reservation);
      return { reservation, ocppStatus: answer.status };
    },
    async cancel(chargerId, reservationId) {
      const r = await store.get(chargerId, reservationId);
      if (r === undefined) return undefined;
      const answer = await deps.send(chargerId, "CancelReservation", { reservationId });
      const reservation = answer.status === "Accepted" && r.status === "Active"
        ? await life.end(r, "Cancelled")
        : current(r, clock.now());
      return { reservation, ocppStatus: answer.status };
    },
    async get(chargerId, reservationId) {
      const r = await store.get(chargerId, reservationId);
      return r && current(r, clock.now());
    },
    async list(filter = {}) {
      const rows = await store.list(filter);
      const nowMs = clock.now();
      return rows.map((r) => current(r, nowMs))
        .filter((r) => !filter.isActive || r.status === "Active");
    },
    async resume() {
      for (const r of await store.list({ isActive: true, limit: 10_000 })) {
        if (Date.parse(r.expiresAt) <= clock.now()) await life.end(r, "Expired");
        else life.watch(r);
      }
    },
    idle: () => queue.idle(),
    close: () => life.close(),
  };
}
