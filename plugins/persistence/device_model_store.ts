/** The device model in SQL: each charger's last report and its variables (OCPP 2.0.1 B05–B08). */
import {
  type DeviceModelStore,
  type ReportInfo,
  type StoredVariable,
  type VariableFilter,
  variableKey,
  type VariableResult,
} from "../../actors/csms/device_model.ts";
import { defined } from "./inventory.ts";
import { type Db, pgArray } from "./sql.ts";

const VARIABLE = `component, evse_id AS "evseId", connector_id AS "connectorId",
  component_instance AS "componentInstance", variable, variable_instance AS "variableInstance",
  attributes, characteristics, value, mutability, last_action AS "lastAction",
  last_status AS "lastStatus", last_status_info AS "lastStatusInfo", updated_at AS "updatedAt"`;

const REPORT = `charger_id AS "chargerId", request_id AS "requestId", report_base AS "reportBase",
  generated_at AS "generatedAt", stored_at AS "storedAt", variables`;

/** The columns of one variable row, in the order of the INSERT below. */
function row(chargerId: string, v: StoredVariable) {
  return [
    chargerId,
    variableKey(v),
    v.component,
    v.evseId ?? null,
    v.connectorId ?? null,
    v.componentInstance ?? null,
    v.variable,
    v.variableInstance ?? null,
    v.attributes,
    v.characteristics ?? null,
    v.value ?? null,
    v.mutability ?? null,
    v.updatedAt,
  ];
}

// One statement whatever the count: the rows travel as one JSON array.
const INSERT_VARIABLES = `INSERT INTO device_variables (charger_id, var_key, component, evse_id,
    connector_id, component_instance, variable, variable_instance, attributes, characteristics,
    value, mutability, updated_at)
  SELECT r->>0, r->>1, r->>2, (r->>3)::int, (r->>4)::int, r->>5, r->>6, r->>7, r->8,
    nullif(r->9, 'null'::jsonb), r->>10, r->>11, (r->>12)::timestamptz
  FROM jsonb_array_elements($1::text::jsonb) AS r
  ON CONFLICT (charger_id, var_key) DO UPDATE SET attributes = EXCLUDED.attributes,
    characteristics = EXCLUDED.characteristics, value = EXCLUDED.value,
    mutability = EXCLUDED.mutability, updated_at = EXCLUDED.updated_at`;

async function saveReport(
  db: Db,
  report: ReportInfo,
  variables: StoredVariable[],
  replace: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (replace) {
      await tx.query("DELETE FROM device_variables WHERE charger_id = $1", [report.chargerId]);
    }
    if (variables.length > 0) {
      await tx.query(INSERT_VARIABLES, [
        JSON.stringify(variables.map((v) => row(report.chargerId, v))),
      ]);
    }
    const [{ count }] = await tx.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM device_variables WHERE charger_id = $1",
      [report.chargerId],
    );
    await tx.query(
      `INSERT INTO device_reports (charger_id, request_id, report_base, generated_at, stored_at,
         variables)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (charger_id) DO UPDATE SET request_id = EXCLUDED.request_id,
         report_base = EXCLUDED.report_base, generated_at = EXCLUDED.generated_at,
         stored_at = EXCLUDED.stored_at, variables = EXCLUDED.variables`,
      [
        report.chargerId,
        report.requestId,
        report.reportBase,
        report.generatedAt,
        report.storedAt,
        count,
      ],
    );
  });
}

// A result for a variable the report did not name still gets a row, so it shows what was tried.
const SAVE_RESULTS = `INSERT INTO device_variables (charger_id, var_key, component, evse_id,
    connector_id, component_instance, variable, variable_instance, value, last_action,
    last_status, last_status_info, updated_at)
  SELECT r->>0, r->>1, r->>2, (r->>3)::int, (r->>4)::int, r->>5, r->>6, r->>7, r->>8, r->>9,
    r->>10, r->>11, (r->>12)::timestamptz
  FROM jsonb_array_elements($1::text::jsonb) AS r
  ON CONFLICT (charger_id, var_key) DO UPDATE SET
    value = coalesce(EXCLUDED.value, device_variables.value),
    last_action = EXCLUDED.last_action, last_status = EXCLUDED.last_status,
    last_status_info = EXCLUDED.last_status_info, updated_at = EXCLUDED.updated_at`;

function resultRow(chargerId: string, r: VariableResult) {
  return [
    chargerId,
    variableKey(r),
    r.component,
    r.evseId ?? null,
    r.connectorId ?? null,
    r.componentInstance ?? null,
    r.variable,
    r.variableInstance ?? null,
    r.value ?? null,
    r.action,
    r.status,
    r.statusInfo ?? null,
    r.at,
  ];
}

async function variables(
  db: Db,
  chargerId: string,
  filter: VariableFilter = {},
): Promise<StoredVariable[]> {
  const params: unknown[] = [chargerId];
  let where = "charger_id = $1";
  if (filter.components?.length) {
    params.push(pgArray(filter.components));
    where += ` AND component = ANY($${params.length}::text[])`;
  }
  if (filter.variables?.length) {
    params.push(pgArray(filter.variables));
    where += ` AND variable = ANY($${params.length}::text[])`;
  }
  const rows = await db.query<StoredVariable>(
    `SELECT ${VARIABLE} FROM device_variables WHERE ${where}
     ORDER BY component, evse_id NULLS FIRST, connector_id NULLS FIRST, component_instance
       NULLS FIRST, variable, variable_instance NULLS FIRST`,
    params,
  );
  return rows.map(defined);
}

/** The device model store over `db`. */
export function sqlDeviceModelStore(db: Db): DeviceModelStore {
  return {
    saveReport: (report, vars, options) => saveReport(db, report, vars, options.replace),
    async report(chargerId) {
      const [row] = await db.query<ReportInfo>(
        `SELECT ${REPORT} FROM device_reports WHERE charger_id = $1`,
        [chargerId],
      );
      return row;
    },
    variables: (chargerId, filter) => variables(db, chargerId, filter),
    async saveResults(chargerId, results) {
      if (results.length === 0) return;
      await db.query(SAVE_RESULTS, [JSON.stringify(results.map((r) => resultRow(chargerId, r)))]);
    },
  };
}
