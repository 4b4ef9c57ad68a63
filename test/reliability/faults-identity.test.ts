import { figure } from './support/figures';
import { ALL_FAULTS, FAULTS } from './support/fault-cases';
import { blockAwaitingApproval, botIndicators } from './support/block-flow';
import { approve, clickIsolate, isolationAwaitingApproval, requestFacts } from './support/flows';
import { lookupSections, USERS } from './support/teams';
import { World } from './support/world';

/*
 * Identity failures through the real Teams adapter: the token endpoint down (each fault), a token for the wrong
 * audience (401), an app without a permission (403). Every answer names the cause and the setting or permission to fix.
 */

const IP = 'lookup 198.51.100.77';
const HUNTING_FED = ['Incidents', 'Alerts', 'Devices', 'Prevalence', 'E-mails'];

function failed(answer: { final?: Record<string, unknown> }) {
  return lookupSections(answer.final).filter((s) => s.status === 'error');
}

describe('the token endpoint down before the first sign-in', () => {
  it.each(ALL_FAULTS.map((f) => [f.name, f] as const))('%s: every section says sign-in failed and what to check; bounded attempts', async (_n, f) => {
    const w = await World.start();
    try {
      w.emulator.addFault({ route: 'token', fault: f.fault });
      const answer = await w.say(IP);
      expect(answer.finalText).not.toMatch(/Something went wrong/);
      const errors = failed(answer);
      expect(errors.map((s) => s.title)).toEqual(HUNTING_FED);
      for (const s of errors) {
        expect(s.error).toMatch(/Signing in for .* failed|the sign-in authority .* cannot be reached/);
        // Entra's transient error (AADSTS90033, sent with a 429/5xx) is not blamed on the configuration.
        expect(s.error).toMatch(
          f.fault.kind === 'status'
            ? /not a configuration problem\): try again in a minute/
            : /Check (AZURE_TENANT_ID|DEFENDER_CLOUD and AZURE_AUTHORITY_HOST)/,
        );
      }
      // @azure/identity tries the token endpoint at most twice (retryOptions.maxRetries 1) per sign-in, and a lookup
      // signs in for two audiences at most: Graph (hunting), then Defender for Endpoint (its fallback).
      expect(w.attempts('token')).toBeGreaterThanOrEqual(1);
      expect(w.attempts('token')).toBeLessThanOrEqual(4);
      const attempts = w.attempts('token');
      w.emulator.resetBehaviour();
      const again = failed(await w.say(IP));
      if (f.fault.kind === 'status') {
        // MSAL keeps a 429/5xx answer of the token endpoint (Retry-After, else 60 s) and does not ask again before:
        // the endpoint is not hammered, and the sections keep saying why.
        expect(w.attempts('token')).toBe(0);
        expect(again.map((s) => s.title)).toEqual(HUNTING_FED);
        expect(again[0]!.error).toMatch(/Signing in for .* failed/);
      } else {
        // The endpoint back: the next lookup signs in and is whole.
        expect(again).toEqual([]);
      }
      figure(
        'faults: identity',
        `token endpoint ${f.name}`,
        attempts,
        'attempts',
        `every section: sign-in failed; next lookup ${again.length ? 'still refused (MSAL holds the 429/5xx)' : 'whole'}`,
      );
    } finally {
      await w.close();
    }
  });

  it('after sign-in, an outage of the token endpoint does not touch lookups (tokens are reused)', async () => {
    const w = await World.start();
    try {
      await w.say(IP);
      w.emulator.resetBehaviour();
      w.emulator.addFault({ route: 'token', fault: FAULTS.unavailable503.fault });
      expect(failed(await w.say(IP))).toEqual([]);
      expect(w.attempts('token')).toBe(0);
    } finally {
      await w.close();
    }
  });

  it('at the first Defender for Endpoint call of an approved action: the request fails with the cause, audited, nothing created', async () => {
    const w = await World.start();
    try {
      const pending = await blockAwaitingApproval(w, 'nothing-here-reliability.com');
      expect(w.attempts('token')).toBe(1); // Graph only so far
      w.emulator.addFault({ route: 'token', fault: FAULTS.unavailable503.fault });
      const answer = await w.click('approve', pending.approve, { user: USERS.sam });
      const facts = requestFacts(answer.card);
      expect(facts.State).toBe('Failed');
      expect(facts.Error).toMatch(/Signing in for Defender for Endpoint failed/);
      expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'approved', 'failed']);
      expect(botIndicators(w)).toHaveLength(0);
    } finally {
      await w.close();
    }
  });
});

describe('a token for the wrong audience (401)', () => {
  it('Graph: the sections it feeds name the token and the cloud settings; not retried', async () => {
    const w = await World.start();
    try {
      await w.say(IP);
      w.emulator.resetBehaviour();
      w.emulator.context.audiences.graph = 'https://graph.microsoft.us';
      const errors = failed(await w.say(IP));
      // Defender for Endpoint's own endpoints still answer devices and prevalence (in part); what only Graph holds fails.
      expect(errors.map((s) => s.title)).toEqual(['Incidents', 'Alerts', 'E-mails']);
      for (const s of errors)
        expect(s.error).toMatch(/rejected the token \(401\).*check that DEFENDER_CLOUD \(commercial\) matches your tenant's cloud and that DEFENDER_GRAPH_URL/);
      expect(w.attempts('graph.hunting')).toBe(1);
      figure('faults: identity', '401 wrong audience (Graph)', w.attempts('graph.hunting'), 'attempts', `${errors.length} sections failed`);
      // The role check cannot read membership either: refused, audited.
      const hunt = await w.say('hunt DeviceInfo | take 1');
      expect(hunt.finalText).toMatch(/Not allowed to hunt.*could not be read.*401/s);
    } finally {
      await w.close();
    }
  });

  it('Defender for Endpoint: Devices fails with the fix, an approved isolation fails the same way, nothing executed', async () => {
    const w = await World.start();
    try {
      const pending = await isolationAwaitingApproval(w);
      w.emulator.resetBehaviour();
      w.emulator.context.audiences.mde = 'https://api-gov.securitycenter.microsoft.us';
      const errors = failed(await w.say(IP));
      expect(errors.map((s) => s.title)).toEqual(['Devices']);
      expect(errors[0]!.error).toMatch(/rejected the token \(401\).*DEFENDER_API_URL/);
      const answer = await approve(w, pending);
      const facts = requestFacts(answer.card);
      expect(facts.State).toBe('Failed');
      expect(facts.Error).toMatch(/rejected the token \(401\).*DEFENDER_CLOUD/);
      expect(w.attempts('mde.isolate')).toBe(1);
      expect(w.botActions()).toHaveLength(0);
      expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'approved', 'failed']);
      figure('faults: identity', '401 wrong audience (Defender for Endpoint)', w.attempts('mde.isolate'), 'attempts', 'isolation failed, 0 actions');
    } finally {
      await w.close();
    }
  });
});

describe('an app registration without a permission (403)', () => {
  const lookupCases = [
    // Without hunting, Defender for Endpoint's endpoints fill incidents, alerts, devices and prevalence in part (issue 12,
    // fail small); only e-mail, which nothing else holds, is missing.
    { removed: ['ThreatHunting.Read.All'], route: 'graph.hunting', failing: ['E-mails'], named: 'ThreatHunting.Read.All', resource: 'Microsoft Graph' },
    {
      removed: ['SecurityAlert.Read.All', 'SecurityIncident.Read.All'],
      route: 'graph.alert',
      failing: ['Incidents', 'Alerts'],
      named: 'SecurityAlert.Read.All',
      resource: 'Microsoft Graph',
    },
    { removed: ['Machine.Read.All'], route: 'mde.machines', failing: ['Devices'], named: 'Machine.Read.All', resource: 'WindowsDefenderATP' },
  ];

  it.each(lookupCases.map((c) => [c.removed.join(' + '), c] as const))('without %s: the sections it feeds name the permission to grant', async (_n, c) => {
    const w = await World.start();
    try {
      for (const p of c.removed) w.emulator.removePermission(p);
      const errors = failed(await w.say(IP));
      expect(errors.map((s) => s.title)).toEqual(c.failing);
      for (const s of errors) {
        expect(s.error).toMatch(/was refused \(403\)/);
        expect(s.error).toContain(`Missing permission: ${c.named}`);
        expect(s.error).toContain(`Grant the ${c.resource} application permission ${c.named}`);
      }
      figure('faults: identity', `403 without ${c.removed.join(' + ')}`, w.attempts(c.route), 'attempts', `${errors.length} section(s) name the permission`);
    } finally {
      await w.close();
    }
  });

  it('without GroupMember.Read.All: role checks fail closed and name the permission; the refusal is audited', async () => {
    const w = await World.start();
    try {
      w.emulator.removePermission('GroupMember.Read.All');
      const hunt = await w.say('hunt DeviceInfo | take 1');
      expect(hunt.finalText).toMatch(/Not allowed to hunt[\s\S]*could not be read[\s\S]*GroupMember\.Read\.All/);
      const isolate = await clickIsolate(w);
      // The cause in words (issue 13): Graph's own text stays in the log.
      expect(isolate.text).toMatch(/Not allowed.*could not be read \(Microsoft Graph refused the group check: the app lacks GroupMember\.Read\.All/);
      expect((await w.audit()).filter((e) => e.event === 'denied')).toHaveLength(1);
      expect(w.attempts('graph.checkMemberGroups')).toBe(2);
    } finally {
      await w.close();
    }
  });

  it('without Machine.Isolate: the approved isolation fails naming Machine.Isolate; audited; nothing executed', async () => {
    const w = await World.start();
    try {
      w.emulator.removePermission('Machine.Isolate');
      const pending = await isolationAwaitingApproval(w);
      const facts = requestFacts((await approve(w, pending)).card);
      expect(facts.State).toBe('Failed');
      expect(facts.Error).toMatch(
        /refused \(403\).*Missing permission: Machine\.Isolate.*Grant the WindowsDefenderATP application permission Machine\.Isolate/,
      );
      expect(w.attempts('mde.isolate')).toBe(1);
      expect(w.botActions()).toHaveLength(0);
      expect(await w.events(pending.requestId)).toEqual(['requested', 'confirmed', 'approved', 'failed']);
    } finally {
      await w.close();
    }
  });

  it('without Ti.ReadWrite.All: blocking an indicator fails naming the permission; nothing created', async () => {
    const w = await World.start();
    try {
      w.emulator.removePermission('Ti.ReadWrite.All');
      const pending = await blockAwaitingApproval(w, 'nothing-here-reliability.com');
      const facts = requestFacts((await w.click('approve', pending.approve, { user: USERS.sam })).card);
      expect(facts.State).toBe('Failed');
      expect(facts.Error).toMatch(/refused \(403\).*Missing permission: Ti\.ReadWrite/);
      expect(botIndicators(w)).toHaveLength(0);
    } finally {
      await w.close();
    }
  });
});
