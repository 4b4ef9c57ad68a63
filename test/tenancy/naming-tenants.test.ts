/**
 * How a message names its tenant in a conversation bound to several: a pasted Defender portal link by its tid (never
 * looked up as a web address in every tenant), a typed command by a tenant's name first (startApp in demo mode: one
 * emulator serving three Entra tenants).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MSSP_INDICATORS } from '../../emulator/multi-tenant';
import { startApp, type App } from '../../src/app';
import type { AnswerView } from '../../src/cards/view-models';
import type { Conversation } from '../../src/config/bindings';
import { loadConfig } from '../../src/config/load';
import type { Actor } from '../../src/core/actor';

jest.setTimeout(120_000);

const ORG = 'e2e00000-0000-4000-8000-000000000001';
const { tenants: IDS } = DEMO_MSSP_INDICATORS;
const INCIDENT = '48212'; // the phishing incident of the demo week (contoso's data as is)

const YAML = `
tenants:
  - { name: contoso, tenantId: ${IDS.contoso}, credential: { app: shared } }
  - { name: fabrikam, tenantId: ${IDS.fabrikam}, credential: { app: shared } }
  - { name: northwind, tenantId: ${IDS.northwind}, credential: { app: shared } }
bindings:
  - teams: { tenantId: ${ORG}, chatId: 'a:two' }
    tenants: [contoso, fabrikam]
`;

const ALEX: Actor = { platform: 'teams', userId: '29:alex', aadObjectId: '00000000-0000-4000-8000-0000000a1e00', tenantId: ORG, displayName: 'Alex' };
const place: Conversation = { platform: 'teams', tenantId: ORG, conversationId: 'a:two' };

async function say(app: App, text: string): Promise<AnswerView[]> {
  const sent: AnswerView[] = [];
  await app.conversation.handleText(
    {
      actor: ALEX,
      conversationId: 'a:two',
      place,
      replier: {
        typing: async () => undefined,
        send: async (view) => String(sent.push(view) - 1),
        update: async (id, view) => void (sent[Number(id)] = view),
      },
    },
    text,
  );
  return sent;
}

const link = (tid: string | undefined) => `https://security.microsoft.com/incidents/${INCIDENT}${tid ? `?tid=${tid}` : ''}`;

// One bot for both groups: starting it (an emulator of three tenants) is the slow part.
let app: App;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'naming-'));
  writeFileSync(join(dir, 'tenants.yaml'), YAML);
  app = await startApp(loadConfig({ DATA_DIR: dir, TENANTS_FILE: join(dir, 'tenants.yaml') }), { port: 0 });
});
afterAll(() => app?.close());

describe('pasted portal links in a conversation bound to several tenants', () => {
  it("answers with the incident of the tenant the link's tid names, and reads nothing of the other", async () => {
    const emulator = app.defender.emulator!;
    const before = emulator.calls.filter((c) => c.tenantId === IDS.fabrikam).length;
    const views = await say(app, `look at this ${link(IDS.contoso)} please`);
    const card = views.find((v) => v.kind === 'incident');
    expect(card?.tenant).toBe('contoso');
    expect(views.some((v) => v.kind === 'lookup')).toBe(false);
    expect(emulator.calls.filter((c) => c.tenantId === IDS.fabrikam).length).toBe(before);
  });

  it('names the tenant to choose when the link has no tid, and refuses a tenant not bound here', async () => {
    const emulator = app.defender.emulator!;
    const before = emulator.calls.length;
    const untagged = await say(app, link(undefined));
    expect(untagged).toHaveLength(1);
    expect(untagged[0]).toMatchObject({ kind: 'message', title: 'Which tenant?' });
    expect((untagged[0] as { text: string }).text).toMatch(/contoso: https:\/\/security\.microsoft\.com\/incidents\/48212/);
    const foreign = await say(app, link(IDS.northwind));
    expect(foreign).toHaveLength(1);
    expect((foreign[0] as { text: string }).text).toMatch(/does not speak for[\s\S]*nothing was read/);
    expect(emulator.calls.length).toBe(before);
  });

  it('a tid in hostile shapes (upper case, fragment, a second tid) picks only a bound tenant', async () => {
    const upper = await say(app, `${link(IDS.contoso.toUpperCase())}#overview`);
    expect(upper.find((v) => v.kind === 'incident')?.tenant).toBe('contoso');
    const smuggled = await say(app, `${link(IDS.northwind)}&tid=${IDS.contoso}x`);
    expect(smuggled.some((v) => v.kind === 'incident')).toBe(false);
  });
});

describe('a tenant named first in a conversation bound to several', () => {
  it('a misspelt tenant before a command does nothing and says which names this conversation speaks for', async () => {
    const emulator = app.defender.emulator!;
    const before = emulator.calls.length;
    for (const text of ['contosso: isolate ws-042 because beaconing', 'acme: incident 48212', 'X: device ws-042']) {
      const views = await say(app, text);
      expect(views).toHaveLength(1);
      expect(views[0]).toMatchObject({ kind: 'message', tone: 'warning' });
      expect((views[0] as { title: string }).title).toMatch(/is not a tenant of this bot$/);
      expect((views[0] as { text: string }).text).toMatch(/speaks for contoso and fabrikam[\s\S]*Nothing was done/);
    }
    expect(emulator.calls.length).toBe(before);
  });

  it('a word and a colon before plain text is still text: its indicators are swept', async () => {
    const views = await say(app, 'Note: 198.51.100.77');
    expect(views[0]).toMatchObject({ kind: 'message', title: expect.stringMatching(/^Sweep of 198\.51\.100\.77: seen in 2 of 2 tenants/) });
  });

  it('the right name picks that tenant, ignoring case', async () => {
    const views = await say(app, 'FABRIKAM: device ws-042');
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((v) => v.tenant === 'fabrikam')).toBe(true);
  });
});
