/**
 * The schema of reservations (migration 21, OCPP 2.0.1 H01–H04): one row per ReserveNow the
 * CSMS sent, with the charger's answer and how the reservation ended.
 */
export const RESERVATIONS_SCHEMA = `
CREATE TABLE reservations (
  charger_id text NOT NULL,
  reservation_id integer NOT NULL,
  id_token text NOT NULL,
  id_token_type text NOT NULL,
  group_id_token text,
  evse_id integer,
  connector_type text,
  expires_at timestamptz NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (charger_id, reservation_id)
);
CREATE INDEX reservations_active_idx ON reservations (charger_id) WHERE status = 'Active';
`;
