import type { Store } from '../../src/store';
import { auditCases } from './contract-audit';
import { databaseCases } from './contract-database';
import { ephemeralCases } from './contract-ephemeral';
import { incidentCases } from './contract-incidents';
import { listCases } from './contract-lists';
import { requestCases } from './contract-requests';
import { tenantCases } from './contract-tenants';
import { bindingCases } from './contract-bindings';
import type { ContractContext, Database, RawSql } from './fixtures';

export interface ContractDatabase {
  /** SQL on a connection of its own, to reach past the store (append-only checks, migrations). */
  raw: RawSql;
  /** A database no store has opened yet, for the concurrent first open. The test file cleans it up. */
  freshDatabase(): Promise<Database>;
  /** A new database migrated only up to `version`, as an earlier release left it. The test file cleans it up. */
  databaseAt(version: number): Promise<Database>;
}

/**
 * The behaviour every Store implementation owes the bot. `open` opens a new store on one and the same database each
 * time it is called (a new pool or handle: a second replica). Tests share that database, so each uses its own ids.
 */
export function describeStoreContract(name: string, open: () => Promise<Store>, database: ContractDatabase): void {
  describe(`${name} store contract`, () => {
    let main: Store | undefined;
    const opened: Store[] = [];

    const ctx: ContractContext = {
      store: () => {
        if (!main) throw new Error('the store did not open');
        return main;
      },
      open: async () => {
        const store = await open();
        opened.push(store);
        return store;
      },
      raw: database.raw,
      freshDatabase: database.freshDatabase,
      databaseAt: database.databaseAt,
    };

    beforeAll(async () => {
      main = await open();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    afterAll(async () => {
      await main?.close();
    });

    describe('requests', () => requestCases(ctx));
    describe('lists', () => listCases(ctx));
    describe('audit', () => auditCases(ctx));
    describe('database', () => databaseCases(ctx));
    describe('ephemeral values', () => ephemeralCases(ctx));
    describe('incidents', () => incidentCases(ctx));
    describe('tenants', () => tenantCases(ctx));
    describe('bindings and conversation settings', () => bindingCases(ctx));
  });
}
