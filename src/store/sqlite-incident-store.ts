import type Database from 'better-sqlite3';
import type { SqlValue } from './codec';
import {
  CARD_COLUMNS,
  CONVERSATION_COLUMNS,
  SUBSCRIPTION_COLUMNS,
  canonicalTime,
  decodeCard,
  decodeConversation,
  decodeSubscription,
  encodeCard,
  encodeConversation,
  encodeRemoval,
  encodeSubscription,
  encodeWatermark,
  findable,
  isSubscriptionNumber,
} from './incident-codec';
import type { IncidentStore } from './incident-types';
import { addressedTenant, tenantValues } from './tenant-codec';
import { StoreConflictError } from './types';

type Row = Record<string, unknown>;
type Prepare = (sql: string) => Database.Statement;

const named = (columns: readonly string[]) => columns.map((c) => `@${c}`).join(', ');
/** ` AND tenant IN (?, ...)` for the values a tenant filter admits; nothing when it admits every row. */
const tenantTerm = (tenants: string[] | undefined) => (tenants ? ` AND tenant IN (${tenants.map(() => '?').join(', ')})` : '');

/**
 * The incident tables of a SQLite store. Statements of one handle never interleave (better-sqlite3 is synchronous);
 * writes of several steps run in an IMMEDIATE transaction, so another process on the same file waits for them.
 */
export function sqliteIncidentStore(db: Database.Database, prepared: Prepare): IncidentStore {
  const nextNumber = () =>
    prepared(
      `INSERT INTO subscription_numbers (conversation_id, last_number) VALUES (?, 1)
       ON CONFLICT (conversation_id) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`,
    ).pluck();

  const addSubscription = db.transaction((row: Record<string, SqlValue>) => {
    const number = nextNumber().get(row.conversation_id) as number;
    return prepared(`INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS.join(', ')}, number) VALUES (${named(SUBSCRIPTION_COLUMNS)}, @number) RETURNING *`).get({
      ...row,
      number,
    }) as Row;
  });

  const markRemoved = db.transaction((conversationId: string, reason: string, at: string) => {
    prepared('UPDATE conversations SET removed_at = ?, removed_reason = ? WHERE conversation_id = ?').run(at, reason, conversationId);
    return prepared('DELETE FROM subscriptions WHERE conversation_id = ?').run(conversationId).changes;
  });

  return {
    async saveConversation(record) {
      const row = encodeConversation(record);
      prepared(
        `INSERT INTO conversations (${CONVERSATION_COLUMNS.join(', ')}) VALUES (${named(CONVERSATION_COLUMNS)})
         ON CONFLICT (conversation_id) DO UPDATE SET platform = excluded.platform, ref = excluded.ref, updated_at = excluded.updated_at,
           removed_at = excluded.removed_at, removed_reason = excluded.removed_reason`,
      ).run(row);
    },

    async getConversation(conversationId) {
      if (!findable(conversationId)) return undefined;
      const row = prepared('SELECT * FROM conversations WHERE conversation_id = ?').get(conversationId) as Row | undefined;
      return row && decodeConversation(row);
    },

    async markConversationRemoved(conversationId, reason, at) {
      const removal = encodeRemoval(reason, at);
      if (!findable(conversationId)) return 0;
      return markRemoved.immediate(conversationId, removal.reason, removal.at);
    },

    async addSubscription(sub) {
      const row = encodeSubscription(sub);
      try {
        return decodeSubscription(addSubscription.immediate(row));
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new StoreConflictError('a subscription with this id already exists');
        throw err;
      }
    },

    async listSubscriptions(conversationId, tenant) {
      const tenants = tenantValues(tenant);
      if (tenants?.length === 0) return [];
      if (conversationId === undefined)
        return (prepared(`SELECT * FROM subscriptions WHERE true${tenantTerm(tenants)} ORDER BY conversation_id, number`).all(...(tenants ?? [])) as Row[]).map(
          decodeSubscription,
        );
      if (!findable(conversationId)) return [];
      return (
        prepared(`SELECT * FROM subscriptions WHERE conversation_id = ?${tenantTerm(tenants)} ORDER BY number`).all(conversationId, ...(tenants ?? [])) as Row[]
      ).map(decodeSubscription);
    },

    async removeSubscription(conversationId, number, tenant) {
      const tenants = tenantValues(tenant);
      if (!findable(conversationId) || !isSubscriptionNumber(number) || tenants?.length === 0) return false;
      return (
        prepared(`DELETE FROM subscriptions WHERE conversation_id = ? AND number = ?${tenantTerm(tenants)}`).run(conversationId, number, ...(tenants ?? []))
          .changes > 0
      );
    },

    async claimCard(card, staleBefore) {
      const row = encodeCard({ ...card, messageId: undefined });
      const stale = canonicalTime(staleBefore, 'staleBefore');
      // One statement: a new row is inserted, an existing one is taken over only while it is a crashed claim.
      const result = prepared(
        `INSERT INTO incident_cards (${CARD_COLUMNS.join(', ')}) VALUES (${named(CARD_COLUMNS)})
         ON CONFLICT (tenant, incident_id, conversation_id) DO UPDATE SET shown_update = excluded.shown_update, origin = excluded.origin,
           claimed_at = excluded.claimed_at
         WHERE incident_cards.message_id IS NULL AND incident_cards.claimed_at < @stale`,
      ).run({ ...row, stale });
      return result.changes === 1;
    },

    async saveCard(card) {
      const row = encodeCard(card);
      prepared(
        `INSERT INTO incident_cards (${CARD_COLUMNS.join(', ')}) VALUES (${named(CARD_COLUMNS)})
         ON CONFLICT (tenant, incident_id, conversation_id) DO UPDATE SET message_id = excluded.message_id, shown_update = excluded.shown_update,
           origin = excluded.origin, claimed_at = excluded.claimed_at`,
      ).run(row);
    },

    async getCard(incidentId, conversationId, tenant) {
      const column = addressedTenant(tenant);
      if (!findable(incidentId, conversationId) || column === undefined) return undefined;
      const row = prepared('SELECT * FROM incident_cards WHERE incident_id = ? AND conversation_id = ? AND tenant = ?').get(
        incidentId,
        conversationId,
        column,
      ) as Row | undefined;
      return row && decodeCard(row);
    },

    async cardsOf(incidentId, tenant) {
      const tenants = tenantValues(tenant);
      if (!findable(incidentId) || tenants?.length === 0) return [];
      return (
        prepared(`SELECT * FROM incident_cards WHERE incident_id = ?${tenantTerm(tenants)} ORDER BY conversation_id, tenant`).all(
          incidentId,
          ...(tenants ?? []),
        ) as Row[]
      ).map(decodeCard);
    },

    async getWatermark(key, tenant) {
      const column = addressedTenant(tenant);
      if (!findable(key) || column === undefined) return undefined;
      return prepared('SELECT value FROM watermarks WHERE tenant = ? AND key = ?').pluck().get(column, key) as string | undefined;
    },

    async setWatermark(key, value, tenant) {
      const row = encodeWatermark(key, value, tenant);
      prepared('INSERT INTO watermarks (tenant, key, value) VALUES (@tenant, @key, @value) ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value').run(
        row,
      );
    },
  };
}
