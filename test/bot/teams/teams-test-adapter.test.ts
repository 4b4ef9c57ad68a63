import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TestAdapter, type Activity } from 'botbuilder';
import { DefenderTeamsBot } from '../../../src/bot/teams/teams-bot';
import { loadConfig } from '../../../src/config/load';
import { ButtonRegistry } from '../../../src/core/button-registry';
import { ConversationService } from '../../../src/core/conversation';
import { RoleResolver } from '../../../src/core/roles';
import { DEMO_GROUPS, DEMO_USERS } from '../../../emulator/tenant';
import { LookupService } from '../../../src/defender/lookup/lookup-service';
import { cardText } from '../../helpers/fake-connector';
import { startHarness, type EmulatorHarness } from '../../helpers/emulator-harness';

const TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';

describe('Teams bot on botbuilder TestAdapter', () => {
  let h: EmulatorHarness;
  let bot: DefenderTeamsBot;

  beforeAll(async () => {
    h = await startHarness();
    const config = loadConfig({ ...h.emulator.environment(), ROLE_HUNTERS: `group:${DEMO_GROUPS.hunters.id}`, DEFENDER_ENABLE_DEVICE_ISOLATION: 'true' });
    const conversation = new ConversationService({
      config,
      defender: h.defender,
      lookups: new LookupService(h.defender, config),
      roles: new RoleResolver(config.roles, (u, g) => h.defender.graph.checkMemberGroups(u, g)),
      buttons: new ButtonRegistry(),
    });
    bot = new DefenderTeamsBot({
      conversation,
      adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
      botAppId: '',
      allowedTenants: [TENANT],
    });
  });
  afterAll(() => h.close());

  function adapter() {
    return new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' } as Partial<Activity>);
  }

  function message(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
    return {
      type: 'message',
      text,
      from: { id: '29:alex', name: 'Alex', aadObjectId: DEMO_USERS.alex.objectId } as Activity['from'],
      recipient: { id: '28:bot', name: 'Defender' } as Activity['recipient'],
      conversation: { id: 'a:1', conversationType: 'personal', tenantId: TENANT } as Activity['conversation'],
      ...extra,
    };
  }

  const isCard = (needle: string | RegExp) => (a: Partial<Activity>) => {
    if (a.type === 'typing') return;
    const text = cardText(a.attachments?.[0]?.content);
    if (typeof needle === 'string') expect(text).toContain(needle);
    else expect(text).toMatch(needle);
  };

  it('help', async () => {
    await adapter().send(message('help')).assertReply(isCard('hunt <KQL>')).startTest();
  });

  it('lookup, device, user and actions commands', async () => {
    await adapter()
      .send(message('lookup c2.badcdn.example.org'))
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply(isCard('c2.badcdn.example.org'))
      .startTest();
    await adapter()
      .send(message('device ws-042'))
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply(isCard('ws-042.contoso.com'))
      .startTest();
    await adapter()
      .send(message('user user2@contoso.com'))
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply(isCard('user2@contoso.com'))
      .startTest();
    await adapter()
      .send(message('actions'))
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply(isCard(/Recent machine actions/))
      .startTest();
  });

  it('hunt by a hunter, refusal for someone else', async () => {
    await adapter()
      .send(message('hunt AlertInfo | summarize count() by Severity'))
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply(isCard(/page 1 of 1/i))
      .startTest();
    await adapter()
      .send(message('hunt AlertInfo | take 1', { from: { id: '29:pat', name: 'Pat', aadObjectId: DEMO_USERS.pat.objectId } as Activity['from'] }))
      .assertReply(isCard(/hunter role/))
      .startTest();
  });

  it('hostile input: an empty message, a 1 MB paste, injection text', async () => {
    await adapter().send(message('')).assertReply(isCard('lookup <text>')).startTest();
    await adapter()
      .send(message(`${'x'.repeat(1_000_000)} 198.51.100.77`))
      .assertReply(isCard(/no command and no indicator|lookup <text>/))
      .startTest();
    await adapter()
      .send(message('hunt AlertInfo | where Title == "a" or 1==1 //'))
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => expect(cardText(a.attachments?.[0]?.content)).toMatch(/page 1|Defender did not answer/i))
      .startTest();
  });

  it('ignores a channel message that does not mention the bot', async () => {
    await adapter()
      .send(message('lookup 198.51.100.77', { conversation: { id: '19:c', conversationType: 'channel', tenantId: TENANT } as Activity['conversation'] }))
      .assertNoReply()
      .startTest();
  });
});
