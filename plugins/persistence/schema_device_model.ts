/**
 * The schema of the device model the CSMS keeps per charger (migration 20, OCPP 2.0.1 B05–B08):
 * the last report asked for and one row per reported variable, with the last Get/SetVariables
 * result stored on it.
 */

/**
 * `var_key` is the variable's whole address (component, EVSE, connector, instances, variable)
 * as one string, so a variable without an EVSE or an instance still has one primary key.
 */
export const DEVICE_MODEL_SCHEMA = `
CREATE TABLE device_reports (
  charger_id text PRIMARY KEY,
  request_id integer NOT NULL,
  report_base text NOT NULL,
  generated_at timestamptz NOT NULL,
  stored_at timestamptz NOT NULL,
  variables integer NOT NULL
);

CREATE TABLE device_variables (
  charger_id text NOT NULL,
  var_key text NOT NULL,
  component text NOT NULL,
  evse_id integer,
  connector_id integer,
  component_instance text,
  variable text NOT NULL,
  variable_instance text,
  attributes jsonb NOT NULL DEFAULT '[]',
  characteristics jsonb,
  value text,
  mutability text,
  last_action text,
  last_status text,
  last_status_info text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (charger_id, var_key)
);
CREATE INDEX device_variables_name_idx ON device_variables (charger_id, variable);
`;
