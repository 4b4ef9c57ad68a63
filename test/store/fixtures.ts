import { randomUUID } from 'node:crypto';
import type { ActionRequest, Person, Store } from '../../src/store';

export type Row = Record<string, unknown>;
/** Runs SQL on a connection of its own (not the store's), with unqualified table names. */
export type RawSql = (sql: string) => Promise<Row[]>;

export interface Database {
  /** A new store on this database: its own pool or handle, as a second replica would have. */
  open(): Promise<Store>;
  raw: RawSql;
}

export interface ContractContext extends Database {
  /** The suite's long-lived store. */
  store(): Store;
  /** A database nobody has opened yet. */
  freshDatabase(): Promise<Database>;
  /** A new database as the release with schema `version` left it (migrations up to it applied); open() upgrades it. */
  databaseAt(version: number): Promise<Database>;
}

export const uid = () => randomUUID().slice(0, 13);

export const alex: Person = { platform: 'teams', userId: '29:1abc', aadObjectId: 'AAD-0001', displayName: 'Alex Analyst', tenantId: 'tenant-1' };
export const sam: Person = { platform: 'slack', userId: 'U07SAM', displayName: 'Sam Soc', tenantId: 'T0SLACK' };

export function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

export function makeRequest(overrides: Partial<ActionRequest> = {}): ActionRequest {
  const now = new Date().toISOString();
  const id = `req-${uid()}`;
  return {
    id,
    action: 'isolate',
    params: { machineId: `m-${id}`, deviceName: `ws-${id}.contoso.com`, isolationType: 'Full' },
    target: `ws-${id}`,
    state: 'awaitingConfirmation',
    requester: alex,
    approvalsRequired: 0,
    platform: 'teams',
    conversationId: '19:chat@thread.v2',
    createdAt: now,
    updatedAt: now,
    expiresAt: minutesFromNow(15),
    version: 1,
    ...overrides,
  };
}

/** Text that breaks naive SQL, JSON, LIKE patterns or encodings. */
export const HOSTILE = [
  `it's "quoted" \`back\` '; DROP TABLE action_requests; --`,
  `Robert'); DELETE FROM audit_log; --`,
  '%_ LIKE wildcards \\ backslash \\\\ $1 ? @id :name',
  '{"json":"looking",[1,2]} </script><script>alert(1)</script>',
  'line\nbreak\r\ntab\there \u0001\u001f\u007f',
  'Ünïcödé 🛡️ 👩🏽‍💻 مرحبا עברית 中文 日本語 한국어 e\u0301 \u200b\u200d\u2028\u2029 \uFEFF',
];
