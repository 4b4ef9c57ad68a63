import type { Pool } from 'pg';
import type { SqlValue } from './codec';
import {
  CARD_COLUMNS,
  CONVERSATION_COLUMNS,
  SUBSCRIPTION_COLUMNS,
  canonicalTime,
  decodeCard,
  decodeConversation,
  decodeSubscription,
  decodeTime,
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
type Param = SqlValue | string[];

const placeholders = (count: number, first = 1) => Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');

/**
 * The incident tables of a PostgreSQL store. Every write is one statement (data-modifying CTEs where it has several
 * steps), so it is atomic without a transaction, and concurrent writers of the same row serialize on its lock.
 * `q` qualifies a table name with the store's schema.
 */
export function postgresIncidentStore(pool: Pool, q: (name: string) => string): IncidentStore {
  const rows = async (sql: string, params: Param[]) => (await pool.query(sql, params)).rows as Row[];
  /** ` AND tenant = ANY($n)` and its parameter, for the values a tenant filter admits; nothing when it admits every row. */
  const tenantTerm = (tenants: string[] | undefined, n: number): [string, Param[]] => (tenants ? [` AND tenant = ANY($${n}::text[])`, [tenants]] : ['', []]);
  const conversations = q('conversations');
  const numbers = q('subscription_numbers');
  const subscriptions = q('subscriptions');
  const cards = q('incident_cards');
  const watermarks = q('watermarks');

  return {
    async saveConversation(record) {
      const row = encodeConversation(record);
      await pool.query(
        `INSERT INTO ${conversations} (${CONVERSATION_COLUMNS.join(', ')}) VALUES (${placeholders(CONVERSATION_COLUMNS.length)})
         ON CONFLICT (conversation_id) DO UPDATE SET platform = excluded.platform, ref = excluded.ref, updated_at = excluded.updated_at,
           removed_at = excluded.removed_at, removed_reason = excluded.removed_reason`,
        CONVERSATION_COLUMNS.map((c) => row[c]),
      );
    },

    async getConversation(conversationId) {
      if (!findable(conversationId)) return undefined;
      const [row] = await rows(`SELECT * FROM ${conversations} WHERE conversation_id = $1`, [conversationId]);
      return row && decodeConversation(row);
    },

    async markConversationRemoved(conversationId, reason, at) {
      const removal = encodeRemoval(reason, at);
      if (!findable(conversationId)) return 0;
      // Both CTEs run whether or not they are read, in the one snapshot of this statement.
      const [row] = await rows(
        `WITH marked AS (
           UPDATE ${conversations} SET removed_at = $2, removed_reason = $3 WHERE conversation_id = $1
         ), deleted AS (
           DELETE FROM ${subscriptions} WHERE conversation_id = $1 RETURNING 1
         )
         SELECT count(*)::integer AS deleted FROM deleted`,
        [conversationId, removal.at, removal.reason],
      );
      return Number(row?.deleted ?? 0);
    },

    async addSubscription(sub) {
      const row = encodeSubscription(sub);
      // The upsert locks the conversation's counter row until the statement commits: a concurrent add waits, then
      // increments the number this one left. A failed insert (duplicate id) rolls the increment back with it.
      const values = SUBSCRIPTION_COLUMNS.map((c) => row[c]);
      const conversationParam = SUBSCRIPTION_COLUMNS.indexOf('conversation_id') + 1;
      try {
        const [stored] = await rows(
          `WITH next AS (
             INSERT INTO ${numbers} AS n (conversation_id, last_number) VALUES ($${conversationParam}, 1)
             ON CONFLICT (conversation_id) DO UPDATE SET last_number = n.last_number + 1
             RETURNING last_number
           )
           INSERT INTO ${subscriptions} (${SUBSCRIPTION_COLUMNS.join(', ')}, number)
           SELECT ${placeholders(SUBSCRIPTION_COLUMNS.length)}, last_number FROM next
           RETURNING *`,
          values,
        );
        return decodeSubscription(stored as Row);
      } catch (err) {
        const { code, constraint } = err as { code?: string; constraint?: string };
        if (code === '23505' && constraint === 'subscriptions_pkey') throw new StoreConflictError('a subscription with this id already exists');
        throw err;
      }
    },

    async listSubscriptions(conversationId, tenant) {
      const tenants = tenantValues(tenant);
      if (tenants?.length === 0) return [];
      if (conversationId === undefined) {
        const [term, params] = tenantTerm(tenants, 1);
        return (await rows(`SELECT * FROM ${subscriptions} WHERE true${term} ORDER BY conversation_id COLLATE "C", number`, params)).map(decodeSubscription);
      }
      if (!findable(conversationId)) return [];
      const [term, params] = tenantTerm(tenants, 2);
      return (await rows(`SELECT * FROM ${subscriptions} WHERE conversation_id = $1${term} ORDER BY number`, [conversationId, ...params])).map(
        decodeSubscription,
      );
    },

    async removeSubscription(conversationId, number, tenant) {
      const tenants = tenantValues(tenant);
      if (!findable(conversationId) || !isSubscriptionNumber(number) || tenants?.length === 0) return false;
      const [term, params] = tenantTerm(tenants, 3);
      const result = await pool.query(`DELETE FROM ${subscriptions} WHERE conversation_id = $1 AND number = $2${term}`, [conversationId, number, ...params]);
      return (result.rowCount ?? 0) > 0;
    },

    async claimCard(card, staleBefore) {
      const row = encodeCard({ ...card, messageId: undefined });
      const stale = canonicalTime(staleBefore, 'staleBefore');
      // Under READ COMMITTED a concurrent claim of the same card waits for this one, then re-checks the WHERE against
      // the row this one wrote (no longer stale), so exactly one of them changes a row.
      const result = await pool.query(
        `INSERT INTO ${cards} AS c (${CARD_COLUMNS.join(', ')}) VALUES (${placeholders(CARD_COLUMNS.length)})
         ON CONFLICT (tenant, incident_id, conversation_id) DO UPDATE SET shown_update = excluded.shown_update, origin = excluded.origin,
           claimed_at = excluded.claimed_at
         WHERE c.message_id IS NULL AND c.claimed_at < $${CARD_COLUMNS.length + 1}`,
        [...CARD_COLUMNS.map((c) => row[c]), stale],
      );
      return result.rowCount === 1;
    },

    async saveCard(card) {
      const row = encodeCard(card);
      await pool.query(
        `INSERT INTO ${cards} (${CARD_COLUMNS.join(', ')}) VALUES (${placeholders(CARD_COLUMNS.length)})
         ON CONFLICT (tenant, incident_id, conversation_id) DO UPDATE SET message_id = excluded.message_id, shown_update = excluded.shown_update,
           origin = excluded.origin, claimed_at = excluded.claimed_at`,
        CARD_COLUMNS.map((c) => row[c]),
      );
    },

    async getCard(incidentId, conversationId, tenant) {
      const column = addressedTenant(tenant);
      if (!findable(incidentId, conversationId) || column === undefined) return undefined;
      const [row] = await rows(`SELECT * FROM ${cards} WHERE incident_id = $1 AND conversation_id = $2 AND tenant = $3`, [incidentId, conversationId, column]);
      return row && decodeCard(row);
    },

    async cardsOf(incidentId, tenant) {
      const tenants = tenantValues(tenant);
      if (!findable(incidentId) || tenants?.length === 0) return [];
      const [term, params] = tenantTerm(tenants, 2);
      return (
        await rows(`SELECT * FROM ${cards} WHERE incident_id = $1${term} ORDER BY conversation_id COLLATE "C", tenant COLLATE "C"`, [incidentId, ...params])
      ).map(decodeCard);
    },

    async getWatermark(key, tenant) {
      const column = addressedTenant(tenant);
      if (!findable(key) || column === undefined) return undefined;
      const [row] = await rows(`SELECT value FROM ${watermarks} WHERE tenant = $1 AND key = $2`, [column, key]);
      return row && decodeTime(row.value);
    },

    async setWatermark(key, value, tenant) {
      const row = encodeWatermark(key, value, tenant);
      await pool.query(`INSERT INTO ${watermarks} (tenant, key, value) VALUES ($1, $2, $3) ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value`, [
        row.tenant,
        row.key,
        row.value,
      ]);
    },
  };
}
