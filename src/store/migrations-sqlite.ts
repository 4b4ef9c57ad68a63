import type { Migration } from './migrations';
import { FINAL_STATES, REQUEST_STATES } from './types';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'action requests and audit log',
    sql: `
      CREATE TABLE action_requests (
        id TEXT PRIMARY KEY,
        action TEXT NOT NULL,
        params TEXT NOT NULL,               -- JSON object
        target TEXT NOT NULL,
        target_key TEXT NOT NULL,           -- lower(target), for findOpen
        state TEXT NOT NULL CHECK (state IN (${list(REQUEST_STATES)})),
        requester TEXT NOT NULL,            -- JSON Person
        approver TEXT,                      -- JSON Person
        reason TEXT,
        approvals_required INTEGER NOT NULL CHECK (approvals_required >= 0),
        platform TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        conversation_ref TEXT,
        message_id TEXT,
        defender_action_id TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,           -- canonical ISO (UTC, ms): compares as text
        updated_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX action_requests_state ON action_requests (state, expires_at);
      CREATE INDEX action_requests_open ON action_requests (action, target_key) WHERE state NOT IN (${list(FINAL_STATES)});

      -- A final state is final, and what was requested cannot be swapped, whoever writes the row.
      CREATE TRIGGER action_requests_final_is_final BEFORE UPDATE OF state ON action_requests
        WHEN OLD.state IN (${list(FINAL_STATES)}) AND NEW.state IS NOT OLD.state
        BEGIN SELECT RAISE(ABORT, 'a request in a final state cannot change state'); END;
      CREATE TRIGGER action_requests_fixed_params BEFORE UPDATE OF params ON action_requests
        WHEN NEW.params IS NOT OLD.params AND OLD.state IS NOT 'awaitingConfirmation'
        BEGIN SELECT RAISE(ABORT, 'what a request acts on cannot change after it is confirmed'); END;
      CREATE TRIGGER action_requests_fixed_fields BEFORE UPDATE OF
          id, action, target, target_key, requester, approvals_required, platform, conversation_id, created_at
        ON action_requests
        WHEN NEW.id IS NOT OLD.id OR NEW.action IS NOT OLD.action
          OR NEW.target IS NOT OLD.target OR NEW.target_key IS NOT OLD.target_key OR NEW.requester IS NOT OLD.requester
          OR NEW.approvals_required IS NOT OLD.approvals_required OR NEW.platform IS NOT OLD.platform
          OR NEW.conversation_id IS NOT OLD.conversation_id OR NEW.created_at IS NOT OLD.created_at
        BEGIN SELECT RAISE(ABORT, 'what a request acts on cannot change after it is created'); END;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: ids only ever grow
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        request_id TEXT,
        actor TEXT NOT NULL,
        actor_id TEXT,
        action TEXT,
        target TEXT,
        defender_action_id TEXT,
        conversation_id TEXT,
        detail TEXT,
        target_key TEXT,                    -- lower(target)
        target_host TEXT,                   -- lower(target) before the first dot
        actor_key TEXT                      -- lower(actor_id)
      ) STRICT;
      CREATE INDEX audit_log_request ON audit_log (request_id);
      CREATE INDEX audit_log_target_host ON audit_log (target_host);
      CREATE INDEX audit_log_target_key ON audit_log (target_key);
      CREATE INDEX audit_log_actor ON audit_log (actor_key);
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'ephemeral values shared by replicas',
    sql: `
      CREATE TABLE ephemeral (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        expires_at INTEGER NOT NULL         -- epoch ms
      ) STRICT;
      CREATE INDEX ephemeral_expires ON ephemeral (expires_at);
    `,
  },
  {
    version: 3,
    name: 'incident conversations, subscriptions, cards and poller watermarks',
    sql: `
      CREATE TABLE conversations (
        conversation_id TEXT PRIMARY KEY,
        platform TEXT NOT NULL CHECK (platform IN ('teams', 'slack')),
        ref TEXT NOT NULL,                  -- JSON text the platform needs to post there
        updated_at TEXT NOT NULL,           -- canonical ISO (UTC, ms)
        removed_at TEXT,
        removed_reason TEXT
      ) STRICT;

      -- The last number given in each conversation; kept when subscriptions go, so a number is never given twice.
      CREATE TABLE subscription_numbers (
        conversation_id TEXT PRIMARY KEY,
        last_number INTEGER NOT NULL CHECK (last_number >= 1)
      ) STRICT;

      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        number INTEGER NOT NULL CHECK (number >= 1),
        platform TEXT NOT NULL CHECK (platform IN ('teams', 'slack')),
        filters TEXT NOT NULL,              -- JSON IncidentFilters
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (conversation_id, number)
      ) STRICT;

      CREATE TABLE incident_cards (
        incident_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        message_id TEXT,                    -- NULL while the card is being posted
        shown_update TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('subscription', 'asked')),
        claimed_at TEXT NOT NULL,
        PRIMARY KEY (incident_id, conversation_id)
      ) STRICT;
      CREATE INDEX incident_cards_conversation ON incident_cards (conversation_id);

      CREATE TABLE watermarks (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL                 -- canonical ISO (UTC, ms)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'tenant on every row; conversation bindings and settings',
    // '' is "no tenant" (rows from before this step): see tenant-codec.ts. The incident tables whose primary key gains
    // the tenant are rebuilt, as SQLite cannot change a primary key in place.
    sql: `
      ALTER TABLE audit_log ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
      CREATE INDEX audit_log_tenant ON audit_log (tenant);

      ALTER TABLE action_requests ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
      CREATE INDEX action_requests_tenant ON action_requests (tenant, state);
      CREATE TRIGGER action_requests_fixed_tenant BEFORE UPDATE OF tenant ON action_requests
        WHEN NEW.tenant IS NOT OLD.tenant
        BEGIN SELECT RAISE(ABORT, 'what a request acts on cannot change after it is created'); END;

      ALTER TABLE subscriptions ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
      CREATE INDEX subscriptions_tenant ON subscriptions (tenant);

      CREATE TABLE incident_cards_v4 (
        tenant TEXT NOT NULL DEFAULT '',
        incident_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        message_id TEXT,
        shown_update TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('subscription', 'asked')),
        claimed_at TEXT NOT NULL,
        PRIMARY KEY (tenant, incident_id, conversation_id)
      ) STRICT;
      INSERT INTO incident_cards_v4 (incident_id, conversation_id, message_id, shown_update, origin, claimed_at)
        SELECT incident_id, conversation_id, message_id, shown_update, origin, claimed_at FROM incident_cards;
      DROP TABLE incident_cards;
      ALTER TABLE incident_cards_v4 RENAME TO incident_cards;
      CREATE INDEX incident_cards_incident ON incident_cards (incident_id);
      CREATE INDEX incident_cards_conversation ON incident_cards (conversation_id);

      CREATE TABLE watermarks_v4 (
        tenant TEXT NOT NULL DEFAULT '',
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (tenant, key)
      ) STRICT;
      INSERT INTO watermarks_v4 (key, value) SELECT key, value FROM watermarks;
      DROP TABLE watermarks;
      ALTER TABLE watermarks_v4 RENAME TO watermarks;

      CREATE TABLE bindings (
        key TEXT PRIMARY KEY,
        platform TEXT NOT NULL CHECK (platform IN ('teams', 'slack')),
        target TEXT NOT NULL,               -- JSON object
        tenants TEXT NOT NULL,              -- JSON array of tenant keys
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE conversation_settings (
        conversation_key TEXT PRIMARY KEY,
        settings TEXT NOT NULL,             -- JSON object
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];
