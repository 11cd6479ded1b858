/**
 * The schema of display messages (migration 23, OCPP 2.0.1 O01–O06): what each charger was asked
 * to show (or reported showing), the charger's answer, and whether it was cleared.
 */
export const DISPLAY_MESSAGES_SCHEMA = `
CREATE TABLE display_messages (
  charger_id text NOT NULL,
  message_id integer NOT NULL,
  priority text NOT NULL,
  state text,
  start_at timestamptz,
  end_at timestamptz,
  transaction_id text,
  content text NOT NULL,
  format text NOT NULL,
  language text,
  status text NOT NULL,
  is_cleared boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (charger_id, message_id)
);
`;
