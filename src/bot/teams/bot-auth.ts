import type { AppConfig } from '../../config/schema';

export type BotAuthDecision =
  { ok: true; mode: 'authenticated' | 'demo' | 'off' | 'disabled'; bindAddress: string; notice?: string } | { ok: false; message: string };

/** True when /api/messages takes requests without a Bot Framework token (demo without MicrosoftAppId, BOT_AUTH=off). */
export function isUnauthenticated(decision: Extract<BotAuthDecision, { ok: true }>): boolean {
  return decision.mode === 'demo' || decision.mode === 'off';
}

/**
 * Whether the bot may start, and how. An unauthenticated bot posts its replies to any serviceUrl it is handed, so
 * without MicrosoftAppId it starts only in demo mode or with BOT_AUTH=off, and then only on 127.0.0.1, for local
 * clients only (local-only-guard.ts refuses browser requests, foreign Host headers and non-loopback serviceUrls).
 * Demo mode stays on 127.0.0.1 even with MicrosoftAppId.
 */
export function decideBotAuth(config: AppConfig, demo: boolean): BotAuthDecision {
  const t = config.teams;
  if (t.auth === 'off') {
    if (config.production) return { ok: false, message: 'BOT_AUTH=off is refused when NODE_ENV=production: set MicrosoftAppId and MicrosoftAppPassword.' };
    return {
      ok: true,
      mode: 'off',
      bindAddress: '127.0.0.1',
      notice:
        'BOT_AUTH=off: requests to /api/messages are NOT authenticated. Listening on 127.0.0.1 only and answering only local clients (loopback serviceUrl, no browser requests); for local testing.',
    };
  }
  if (demo) {
    // Demo data is no secret, but the notice below promises loopback only, and with it nothing on the network can
    // reach the bot: it serves one person's local client (or a tunnel they opened on purpose).
    if (t.appId)
      return {
        ok: true,
        mode: 'authenticated',
        bindAddress: '127.0.0.1',
        notice: `Demo mode with MicrosoftAppId: requests are authenticated, and the bot listens on 127.0.0.1 only${t.bindAddress && t.bindAddress !== '127.0.0.1' ? ` (BIND_ADDRESS=${t.bindAddress} is ignored in demo mode)` : ''}; reach it from Teams through a tunnel to this machine.`,
      };
    return {
      ok: true,
      mode: 'demo',
      bindAddress: '127.0.0.1',
      notice:
        'Demo mode without MicrosoftAppId: requests are not authenticated, so the bot listens on 127.0.0.1 only and answers only local clients (use the Agents Playground: npm run playground).',
    };
  }
  if (t.appId) return { ok: true, mode: 'authenticated', bindAddress: t.bindAddress ?? '0.0.0.0' };
  if (config.slack.botToken)
    return { ok: true, mode: 'disabled', bindAddress: t.bindAddress ?? '0.0.0.0', notice: 'Teams is off (MicrosoftAppId is not set): serving Slack only.' };
  return {
    ok: false,
    message:
      'MicrosoftAppId is not set, so the bot could not verify that requests come from Teams and would post replies to any address it is handed. Set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType=SingleTenant and MicrosoftAppTenantId from your Azure Bot resource (or BOT_AUTH=off for local testing only).',
  };
}
