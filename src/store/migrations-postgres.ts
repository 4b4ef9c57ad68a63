import type { Migration } from './migrations';
import { FINAL_STATES, REQUEST_STATES } from './types';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** `q` qualifies a table or function name with the store's schema (or leaves it to search_path). */
export function postgresMigrations(q: (name: string) => string): readonly Migration[] {
  return [
    {
      version: 1,
      name: 'action requests and audit log',
      sql: `
        CREATE TABLE ${q('action_requests')} (
          id text PRIMARY KEY,
          action text NOT NULL,
          params jsonb NOT NULL,
          target text NOT NULL,
          target_key text NOT NULL,
          state text NOT NULL CHECK (state IN (${list(REQUEST_STATES)})),
          requester jsonb NOT NULL,
          approver jsonb,
          reason text,
          approvals_required integer NOT NULL CHECK (approvals_required >= 0),
          platform text NOT NULL,
          conversation_id text NOT NULL,
          conversation_ref text,
          message_id text,
          defender_action_id text,
          last_error text,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL,
          expires_at timestamptz NOT NULL,
          version integer NOT NULL
        );
        CREATE INDEX action_requests_state ON ${q('action_requests')} (state, expires_at);
        CREATE INDEX action_requests_open ON ${q('action_requests')} (action, target_key) WHERE state NOT IN (${list(FINAL_STATES)});

        -- A final state is final, and what was requested cannot be swapped, whoever writes the row.
        CREATE FUNCTION ${q('action_requests_guard')}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.state IN (${list(FINAL_STATES)}) AND NEW.state IS DISTINCT FROM OLD.state THEN
            RAISE EXCEPTION 'a request in a final state cannot change state';
          END IF;
          IF (NEW.id, NEW.action, NEW.target, NEW.target_key, NEW.requester, NEW.approvals_required,
              NEW.platform, NEW.conversation_id, NEW.created_at)
             IS DISTINCT FROM (OLD.id, OLD.action, OLD.target, OLD.target_key, OLD.requester,
              OLD.approvals_required, OLD.platform, OLD.conversation_id, OLD.created_at) THEN
            RAISE EXCEPTION 'what a request acts on cannot change after it is created';
          END IF;
          -- The requester's choices (isolation type, scan type) are fixed when they confirm: an approver approves
          -- exactly what will run.
          IF NEW.params IS DISTINCT FROM OLD.params AND OLD.state <> 'awaitingConfirmation' THEN
            RAISE EXCEPTION 'what a request acts on cannot change after it is confirmed';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER action_requests_guard BEFORE UPDATE ON ${q('action_requests')}
          FOR EACH ROW EXECUTE FUNCTION ${q('action_requests_guard')}();

        CREATE TABLE ${q('audit_log')} (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          at timestamptz NOT NULL,
          event text NOT NULL,
          request_id text,
          actor text NOT NULL,
          actor_id text,
          action text,
          target text,
          defender_action_id text,
          conversation_id text,
          detail text,
          target_key text,
          target_host text,
          actor_key text
        );
        CREATE INDEX audit_log_request ON ${q('audit_log')} (request_id);
        CREATE INDEX audit_log_target_host ON ${q('audit_log')} (target_host);
        CREATE INDEX audit_log_target_key ON ${q('audit_log')} (target_key);
        CREATE INDEX audit_log_actor ON ${q('audit_log')} (actor_key);
        CREATE INDEX audit_log_at ON ${q('audit_log')} (at);
        CREATE FUNCTION ${q('audit_log_append_only')}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit is append-only';
        END $$;
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON ${q('audit_log')}
          FOR EACH ROW EXECUTE FUNCTION ${q('audit_log_append_only')}();
        -- TRUNCATE skips row triggers, so it gets its own.
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${q('audit_log')}
          FOR EACH STATEMENT EXECUTE FUNCTION ${q('audit_log_append_only')}();
      `,
    },
    {
      version: 2,
      name: 'ephemeral values shared by replicas',
      sql: `
        CREATE TABLE ${q('ephemeral')} (
          key text PRIMARY KEY,
          value text NOT NULL,
          expires_at bigint NOT NULL
        );
        CREATE INDEX ephemeral_expires ON ${q('ephemeral')} (expires_at);
      `,
    },
    {
      version: 3,
      name: 'incident conversations, subscriptions, cards and poller watermarks',
      sql: `
        CREATE TABLE ${q('conversations')} (
          conversation_id text PRIMARY KEY,
          platform text NOT NULL CHECK (platform IN ('teams', 'slack')),
          ref text NOT NULL,
          updated_at timestamptz NOT NULL,
          removed_at timestamptz,
          removed_reason text
        );

        -- The last number given in each conversation; kept when subscriptions go, so a number is never given twice.
        CREATE TABLE ${q('subscription_numbers')} (
          conversation_id text PRIMARY KEY,
          last_number integer NOT NULL CHECK (last_number >= 1)
        );

        CREATE TABLE ${q('subscriptions')} (
          id text PRIMARY KEY,
          conversation_id text NOT NULL,
          number integer NOT NULL CHECK (number >= 1),
          platform text NOT NULL CHECK (platform IN ('teams', 'slack')),
          filters jsonb NOT NULL,
          created_by text NOT NULL,
          created_at timestamptz NOT NULL,
          UNIQUE (conversation_id, number)
        );

        CREATE TABLE ${q('incident_cards')} (
          incident_id text NOT NULL,
          conversation_id text NOT NULL,
          message_id text,
          shown_update timestamptz NOT NULL,
          origin text NOT NULL CHECK (origin IN ('subscription', 'asked')),
          claimed_at timestamptz NOT NULL,
          PRIMARY KEY (incident_id, conversation_id)
        );
        CREATE INDEX incident_cards_conversation ON ${q('incident_cards')} (conversation_id);

        CREATE TABLE ${q('watermarks')} (
          key text PRIMARY KEY,
          value timestamptz NOT NULL
        );
      `,
    },
    {
      version: 4,
      name: 'tenant on every row; conversation bindings and settings',
      // '' is "no tenant" (rows from before this step): see tenant-codec.ts. ADD COLUMN with a constant default rewrites
      // nothing and fires no row trigger, so the append-only audit table takes it.
      sql: `
        ALTER TABLE ${q('audit_log')} ADD COLUMN tenant text NOT NULL DEFAULT '';
        CREATE INDEX audit_log_tenant ON ${q('audit_log')} (tenant);

        ALTER TABLE ${q('action_requests')} ADD COLUMN tenant text NOT NULL DEFAULT '';
        CREATE INDEX action_requests_tenant ON ${q('action_requests')} (tenant, state);
        CREATE FUNCTION ${q('action_requests_tenant_guard')}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'what a request acts on cannot change after it is created';
        END $$;
        CREATE TRIGGER action_requests_fixed_tenant BEFORE UPDATE OF tenant ON ${q('action_requests')}
          FOR EACH ROW WHEN (NEW.tenant IS DISTINCT FROM OLD.tenant) EXECUTE FUNCTION ${q('action_requests_tenant_guard')}();

        ALTER TABLE ${q('subscriptions')} ADD COLUMN tenant text NOT NULL DEFAULT '';
        CREATE INDEX subscriptions_tenant ON ${q('subscriptions')} (tenant);

        ALTER TABLE ${q('incident_cards')} ADD COLUMN tenant text NOT NULL DEFAULT '';
        ALTER TABLE ${q('incident_cards')} DROP CONSTRAINT incident_cards_pkey, ADD PRIMARY KEY (tenant, incident_id, conversation_id);
        CREATE INDEX incident_cards_incident ON ${q('incident_cards')} (incident_id);

        ALTER TABLE ${q('watermarks')} ADD COLUMN tenant text NOT NULL DEFAULT '';
        ALTER TABLE ${q('watermarks')} DROP CONSTRAINT watermarks_pkey, ADD PRIMARY KEY (tenant, key);

        CREATE TABLE ${q('bindings')} (
          key text PRIMARY KEY,
          platform text NOT NULL CHECK (platform IN ('teams', 'slack')),
          target jsonb NOT NULL,
          tenants jsonb NOT NULL,
          updated_by text NOT NULL,
          updated_at timestamptz NOT NULL
        );

        CREATE TABLE ${q('conversation_settings')} (
          conversation_key text PRIMARY KEY,
          settings jsonb NOT NULL,
          updated_by text NOT NULL,
          updated_at timestamptz NOT NULL
        );
      `,
    },
  ];
}
