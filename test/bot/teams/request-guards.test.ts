import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../src/app';
import { isAllowedContentType, mediaTypeOf, SLACK_CONTENT_TYPES, TEAMS_CONTENT_TYPES } from '../../../src/bot/http/content-type-guard';
import { isLoopbackHost, localRequestRefusal, serviceUrlRefusal } from '../../../src/bot/teams/local-only-guard';
import { loadConfig } from '../../../src/config/load';
import { DEMO_USERS } from '../../../emulator/tenant';
import { FakeConnector } from '../../helpers/fake-connector';

describe('content types', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['text/plain', false],
    ['application/json-patch+json', false],
    ['', false],
    [undefined, false],
    [['application/json', 'text/plain'], false],
  ])('/api/messages accepts %j: %s', (header, ok) => {
    expect(isAllowedContentType(header as string | string[] | undefined, TEAMS_CONTENT_TYPES)).toBe(ok);
  });

  it("Slack's own types (events: JSON; commands and interactivity: a form) pass the Slack list, nothing else does", () => {
    expect(isAllowedContentType('application/x-www-form-urlencoded', SLACK_CONTENT_TYPES)).toBe(true);
    expect(isAllowedContentType('application/json', SLACK_CONTENT_TYPES)).toBe(true);
    expect(isAllowedContentType('text/plain;charset=UTF-8', SLACK_CONTENT_TYPES)).toBe(false);
    expect(isAllowedContentType('multipart/form-data', SLACK_CONTENT_TYPES)).toBe(false);
    expect(mediaTypeOf(' Text/Plain ; charset=x')).toBe('text/plain');
  });
});

describe('local clients only (unauthenticated modes)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['127.0.0.1.evil.example', false],
    ['localhost.evil.example', false],
    ['[::ffff:10.0.0.1]', false],
    ['', false],
  ])('%s is this machine: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('refuses a request with an Origin or Sec-Fetch-Site header, or addressed to another name', () => {
    expect(localRequestRefusal({ host: '127.0.0.1:3978' })).toBeUndefined();
    expect(localRequestRefusal({ host: 'localhost' })).toBeUndefined();
    expect(localRequestRefusal({ host: '[::1]:3978' })).toBeUndefined();
    expect(localRequestRefusal({ host: '127.0.0.1:3978', origin: 'https://evil.example' })).toMatch(/web page/);
    expect(localRequestRefusal({ host: '127.0.0.1:3978', origin: 'null' })).toMatch(/web page/);
    expect(localRequestRefusal({ host: '127.0.0.1:3978', 'sec-fetch-site': 'cross-site' })).toMatch(/browser/);
    expect(localRequestRefusal({ host: 'rebind.evil.example:3978' })).toMatch(/addressed to "rebind\.evil\.example:3978", not to this machine/);
    expect(localRequestRefusal({ host: '127.0.0.1:3978@evil.example' })).toMatch(/not to this machine/);
    expect(localRequestRefusal({})).toMatch(/\(no Host header\)/);
    expect(localRequestRefusal({ host: 'x'.repeat(5000) })!.length).toBeLessThan(200);
  });

  it('accepts only a loopback serviceUrl', () => {
    expect(serviceUrlRefusal({ serviceUrl: 'http://127.0.0.1:56150/_connector' })).toBeUndefined();
    expect(serviceUrlRefusal({ serviceUrl: 'http://localhost:56150/' })).toBeUndefined();
    expect(serviceUrlRefusal({ serviceUrl: 'https://smba.trafficmanager.net/teams/' })).toMatch(
      /serviceUrl https:\/\/smba\.trafficmanager\.net is not on this machine/,
    );
    expect(serviceUrlRefusal({ serviceUrl: 'http://attacker.example:8080/' })).toMatch(/not on this machine/);
    expect(serviceUrlRefusal({ serviceUrl: 'http://127.0.0.1@attacker.example/' })).toMatch(/not on this machine/);
    expect(serviceUrlRefusal({ serviceUrl: 'http://0.0.0.0:9/' })).toMatch(/not on this machine/);
    expect(serviceUrlRefusal({ serviceUrl: 'file:///etc/passwd' })).toMatch(/not http\(s\)/);
    expect(serviceUrlRefusal({ serviceUrl: 'javascript:alert(1)' })).toMatch(/not http\(s\)/);
    expect(serviceUrlRefusal({ serviceUrl: 'not a url' })).toMatch(/not a URL/);
    expect(serviceUrlRefusal({ serviceUrl: ['http://127.0.0.1/'] })).toMatch(/names no serviceUrl/);
    expect(serviceUrlRefusal({})).toMatch(/names no serviceUrl/);
    expect(serviceUrlRefusal('a string body')).toMatch(/names no serviceUrl/);
    expect(serviceUrlRefusal(null)).toMatch(/names no serviceUrl/);
  });
});

/** A raw HTTP request, so Host, Origin and Content-Type are exactly what the test says. */
function raw(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: '/api/messages', method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the demo bot on restify refuses what a web page could send', () => {
  const DEMO_TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
  let app: App;
  const connector = new FakeConnector();
  const logs: string[] = [];
  const activity = (serviceUrl: string) =>
    JSON.stringify({
      type: 'message',
      id: 'm-1',
      channelId: 'msteams',
      serviceUrl,
      from: { id: '29:alex', aadObjectId: DEMO_USERS.alex.objectId },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:guard', conversationType: 'personal', tenantId: DEMO_TENANT },
      text: 'help',
    });

  beforeAll(async () => {
    await connector.start();
    app = await startApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'guards-')) }), { port: 0, log: (m) => logs.push(m) });
  });
  afterAll(async () => {
    await app.close();
    await connector.close();
  });
  beforeEach(() => connector.clear());

  it("the Agents Playground's way in still works: JSON, a loopback Host and serviceUrl, no Origin", async () => {
    const res = await raw(app.teams.url, { 'content-type': 'application/json', host: new URL(app.teams.url).host }, activity(connector.url));
    expect(res.status).toBe(200);
    await app.teams.bot.idle();
    expect(connector.messages().length).toBeGreaterThan(0);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'type=message&serviceUrl=http%3A%2F%2F127.0.0.1%3A1%2F&from[aadObjectId]=x&text=help'],
    ['text/plain', '{"type":"message","text":"help"}'],
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nhelp\r\n--b--'],
  ])('%s: 415, nothing parsed, nothing sent', async (type, body) => {
    const res = await raw(app.teams.url, { 'content-type': type, host: new URL(app.teams.url).host }, body);
    expect(res.status).toBe(415);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'UnsupportedMediaType', message: expect.stringContaining('accepts application/json only') } });
    await app.teams.bot.idle();
    expect(connector.calls).toEqual([]);
  });

  it('an Origin header: 403 with the cause and the fix', async () => {
    const res = await raw(
      app.teams.url,
      { 'content-type': 'application/json', host: new URL(app.teams.url).host, origin: 'https://evil.example' },
      activity(connector.url),
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error.message).toMatch(/Refused: it comes from a web page.*answers only clients on this machine.*set MicrosoftAppId/);
    await app.teams.bot.idle();
    expect(connector.calls).toEqual([]);
  });

  it('a foreign Host (DNS rebinding): 403', async () => {
    const res = await raw(app.teams.url, { 'content-type': 'application/json', host: 'rebind.evil.example' }, activity(connector.url));
    expect(res.status).toBe(403);
    expect(connector.calls).toEqual([]);
  });

  it('a serviceUrl elsewhere: 403, and nothing is posted there', async () => {
    const elsewhere = new FakeConnector();
    await elsewhere.start();
    try {
      const foreign = elsewhere.url.replace('127.0.0.1', 'attacker.example');
      const res = await raw(app.teams.url, { 'content-type': 'application/json', host: new URL(app.teams.url).host }, activity(foreign));
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).error.message).toMatch(/its serviceUrl http:\/\/attacker\.example:\d+ is not on this machine/);
      await app.teams.bot.idle();
      expect(elsewhere.calls).toEqual([]);
      expect(logs.join('\n')).toMatch(/refused a request to \/api\/messages: its serviceUrl/);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('an authenticated bot', () => {
  it('keeps JSON only but does not need a loopback Host (Teams reaches it by its public name)', async () => {
    const app = await startApp(
      loadConfig({
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'p',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21',
        BIND_ADDRESS: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'guards-')),
      }),
      { port: 0 },
    );
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const form = await raw(app.teams.url, { 'content-type': 'application/x-www-form-urlencoded', host: 'bot.contoso.com' }, 'a=b');
      expect(form.status).toBe(415);
      // Past the guards, botbuilder's JWT check decides: no token, 401.
      const json = await raw(
        app.teams.url,
        { 'content-type': 'application/json', host: 'bot.contoso.com' },
        JSON.stringify({ type: 'message', serviceUrl: 'https://smba.trafficmanager.net/teams/' }),
      );
      expect(json.status).toBe(401);
    } finally {
      errors.mockRestore();
      await app.close();
    }
  });
});
