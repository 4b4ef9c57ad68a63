import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { blocksText, FakeSlackApi } from '../../helpers/fake-slack-api';

/**
 * Socket Mode: the bot opens a WebSocket to the URL apps.connections.open gives (here a local server standing in for
 * Slack's), receives envelopes, acknowledges each by id, and answers through the Web API like in HTTP mode.
 */
describe('Slack in Socket Mode (SLACK_APP_TOKEN, no signing secret)', () => {
  let app: App;
  const api = new FakeSlackApi();
  let wss: WebSocket.Server;
  let socket: WebSocket | undefined;
  const acks: string[] = [];
  const connected = new Promise<void>((resolve) => {
    wss = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => acks.push((JSON.parse(String(data)) as { envelope_id: string }).envelope_id));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'local' }, connection_info: { app_id: 'A0DEFENDER' } }));
      resolve();
    });
  });

  beforeAll(async () => {
    await api.start();
    api.answer('apps.connections.open', { ok: true, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` });
    app = await startApp(
      loadConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'slack-socket-')),
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_APP_TOKEN: 'xapp-1-test',
        SLACK_API_URL: api.apiUrl,
      }),
      { port: 0 },
    );
    await connected;
  });
  afterAll(async () => {
    await app.close();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await api.close();
  });

  it('opened the connection with the app token, not the bot token', () => {
    const open = api.calls.find((c) => c.method === 'apps.connections.open')!;
    expect(open.token).toBe('xapp-1-test');
  });

  it('acknowledges an event envelope and answers the mention; the same event again is handled once', async () => {
    const envelope = (id: string) => ({
      envelope_id: id,
      type: 'events_api',
      accepts_response_payload: false,
      payload: {
        type: 'event_callback',
        team_id: 'T0DEMO',
        api_app_id: 'A0DEFENDER',
        event_id: 'EvSOCKET0001',
        event_time: Math.floor(Date.now() / 1000),
        // Slack names the author's workspace in the event (team; user_team in Slack Connect channels).
        event: { type: 'app_mention', user: 'UANY', team: 'T0DEMO', text: '<@UBOT> lookup 198.51.100[.]77', ts: '1700000100.000100', channel: 'C0SOC' },
      },
    });
    socket!.send(JSON.stringify(envelope('env-1')));
    const posted = await api.waitFor('chat.postMessage');
    await app.slack!.bot.idle();
    const last = [...api.of('chat.postMessage'), ...api.of('chat.update')].pop()!;
    expect(blocksText(last)).toMatch(/198\.51\.100\.77/);
    expect(acks).toContain('env-1');
    // Slack redelivers an unacknowledged envelope with a new envelope id and the same event id.
    const before = api.calls.length;
    socket!.send(JSON.stringify({ ...envelope('env-2'), retry_attempt: 1, retry_reason: 'timeout' }));
    await new Promise((r) => setTimeout(r, 500));
    await app.slack!.bot.idle();
    expect(acks).toContain('env-2');
    expect(api.calls.slice(before)).toEqual([]);
    expect(posted.length).toBeGreaterThan(0);
  });
});
