import type Database from 'better-sqlite3';
import { BINDING_COLUMNS, SETTINGS_COLUMNS, decodeBinding, decodeSettings, encodeBinding, encodeSettings, findableKey } from './binding-codec';
import type { BindingStore, ConversationSettingsStore } from './binding-types';

type Row = Record<string, unknown>;
type Prepare = (sql: string) => Database.Statement;

const named = (columns: readonly string[]) => columns.map((c) => `@${c}`).join(', ');
const updates = (columns: readonly string[]) => columns.map((c) => `${c} = excluded.${c}`).join(', ');

/** The bindings and conversation settings tables of a SQLite store. */
export function sqliteBindingStores(prepared: Prepare): { bindings: BindingStore; conversationSettings: ConversationSettingsStore } {
  const [bindingKey, ...bindingRest] = BINDING_COLUMNS;
  const [settingsKey, ...settingsRest] = SETTINGS_COLUMNS;
  return {
    bindings: {
      async put(binding) {
        prepared(
          `INSERT INTO bindings (${BINDING_COLUMNS.join(', ')}) VALUES (${named(BINDING_COLUMNS)})
           ON CONFLICT (${bindingKey}) DO UPDATE SET ${updates(bindingRest)}`,
        ).run(encodeBinding(binding));
      },
      async get(key) {
        if (!findableKey(key)) return undefined;
        const row = prepared('SELECT * FROM bindings WHERE key = ?').get(key) as Row | undefined;
        return row && decodeBinding(row);
      },
      async list() {
        return (prepared('SELECT * FROM bindings ORDER BY key').all() as Row[]).map(decodeBinding);
      },
      async delete(key) {
        if (!findableKey(key)) return false;
        return prepared('DELETE FROM bindings WHERE key = ?').run(key).changes > 0;
      },
    },
    conversationSettings: {
      async put(settings) {
        prepared(
          `INSERT INTO conversation_settings (${SETTINGS_COLUMNS.join(', ')}) VALUES (${named(SETTINGS_COLUMNS)})
           ON CONFLICT (${settingsKey}) DO UPDATE SET ${updates(settingsRest)}`,
        ).run(encodeSettings(settings));
      },
      async get(conversationKey) {
        if (!findableKey(conversationKey)) return undefined;
        const row = prepared('SELECT * FROM conversation_settings WHERE conversation_key = ?').get(conversationKey) as Row | undefined;
        return row && decodeSettings(row);
      },
      async delete(conversationKey) {
        if (!findableKey(conversationKey)) return false;
        return prepared('DELETE FROM conversation_settings WHERE conversation_key = ?').run(conversationKey).changes > 0;
      },
    },
  };
}
