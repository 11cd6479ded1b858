/**
 * Migration 40: the HTTP API's operator accounts, their sessions, API tokens for scripts, and
 * the audit log of control and management calls (docs/security.md). Only digests of session
 * and API tokens are stored, and only PBKDF2 hashes of passwords.
 */

/** The SQL of migration 40. */
export const ACCOUNTS_SCHEMA = `
CREATE TABLE operator_accounts (
  username text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  password_hash text NOT NULL,
  is_disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operator_sessions (
  token_digest text PRIMARY KEY,
  username text NOT NULL REFERENCES operator_accounts (username) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX operator_sessions_username_idx ON operator_sessions (username);
CREATE INDEX operator_sessions_expires_idx ON operator_sessions (expires_at);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_digest text NOT NULL UNIQUE,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  actor_kind text NOT NULL,
  role text,
  method text NOT NULL,
  path text NOT NULL,
  action text,
  charger_id text,
  target text,
  status integer NOT NULL,
  result text NOT NULL,
  remote_address text,
  request_id text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, id DESC);
CREATE INDEX audit_log_charger_idx ON audit_log (charger_id, id DESC);
`;
