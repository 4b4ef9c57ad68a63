import type { Pool } from 'pg';
import { BINDING_COLUMNS, SETTINGS_COLUMNS, decodeBinding, decodeSettings, encodeBinding, encodeSettings, findableKey } from './binding-codec';
import type { BindingStore, ConversationSettingsStore } from './binding-types';

type Row = Record<string, unknown>;

const placeholders = (count: number) => Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ');
const updates = (columns: readonly string[]) => columns.map((c) => `${c} = excluded.${c}`).join(', ');

/** The bindings and conversation settings tables of a PostgreSQL store; `q` qualifies a table name with its schema. */
export function postgresBindingStores(pool: Pool, q: (name: string) => string): { bindings: BindingStore; conversationSettings: ConversationSettingsStore } {
  const bindings = q('bindings');
  const settingsTable = q('conversation_settings');
  const rows = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as Row[];
  const [bindingKey, ...bindingRest] = BINDING_COLUMNS;
  const [settingsKey, ...settingsRest] = SETTINGS_COLUMNS;
  return {
    bindings: {
      async put(binding) {
        const row = encodeBinding(binding);
        await pool.query(
          `INSERT INTO ${bindings} (${BINDING_COLUMNS.join(', ')}) VALUES (${placeholders(BINDING_COLUMNS.length)})
           ON CONFLICT (${bindingKey}) DO UPDATE SET ${updates(bindingRest)}`,
          BINDING_COLUMNS.map((c) => row[c]),
        );
      },
      async get(key) {
        if (!findableKey(key)) return undefined;
        const [row] = await rows(`SELECT * FROM ${bindings} WHERE key = $1`, [key]);
        return row && decodeBinding(row);
      },
      async list() {
        return (await rows(`SELECT * FROM ${bindings} ORDER BY key COLLATE "C"`, [])).map(decodeBinding);
      },
      async delete(key) {
        if (!findableKey(key)) return false;
        return ((await pool.query(`DELETE FROM ${bindings} WHERE key = $1`, [key])).rowCount ?? 0) > 0;
      },
    },
    conversationSettings: {
      async put(settings) {
        const row = encodeSettings(settings);
        await pool.query(
          `INSERT INTO ${settingsTable} (${SETTINGS_COLUMNS.join(', ')}) VALUES (${placeholders(SETTINGS_COLUMNS.length)})
           ON CONFLICT (${settingsKey}) DO UPDATE SET ${updates(settingsRest)}`,
          SETTINGS_COLUMNS.map((c) => row[c]),
        );
      },
      async get(conversationKey) {
        if (!findableKey(conversationKey)) return undefined;
        const [row] = await rows(`SELECT * FROM ${settingsTable} WHERE conversation_key = $1`, [conversationKey]);
        return row && decodeSettings(row);
      },
      async delete(conversationKey) {
        if (!findableKey(conversationKey)) return false;
        return ((await pool.query(`DELETE FROM ${settingsTable} WHERE conversation_key = $1`, [conversationKey])).rowCount ?? 0) > 0;
      },
    },
  };
}
