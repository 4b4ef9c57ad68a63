import { register as globalRegister } from 'prom-client';
import { BotMetrics, LOOKUP_SECONDS_BUCKETS } from '../../src/ops/metrics';
import { parseSamples, sampleValue, type Sample } from './prom-text';

const P = 'defender_chatops_';

async function samplesOf(metrics: BotMetrics): Promise<Sample[]> {
  return parseSamples(await metrics.text());
}

describe('BotMetrics', () => {
  it('exposes every metric with its labels once recorded', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false, activeRequests: () => ({ pending: 2 }) });
    metrics.recordLookup({ platform: 'teams', outcome: 'partial', seconds: 1.5, indicators: 3 });
    metrics.recordUpstream({ api: 'hunting', status: 429, seconds: 0.2 });
    metrics.recordUpstream({ api: 'login', status: 'timeout', seconds: 30 });
    metrics.recordThrottle('mde', 'local_budget');
    metrics.recordCache('coalesced');
    metrics.recordActionTransition('isolate', 'awaitingApproval');
    metrics.recordTurn('slack', 'button');
    metrics.recordRefusal('tampered-button');
    metrics.recordSlackRequest('replayed');

    const s = await samplesOf(metrics);
    expect(sampleValue(s, `${P}lookups_total`, { platform: 'teams', outcome: 'partial' })).toBe(1);
    expect(sampleValue(s, `${P}lookup_duration_seconds_count`, { platform: 'teams' })).toBe(1);
    expect(sampleValue(s, `${P}lookup_duration_seconds_sum`, { platform: 'teams' })).toBe(1.5);
    expect(sampleValue(s, `${P}indicators_per_lookup_sum`)).toBe(3);
    expect(sampleValue(s, `${P}upstream_requests_total`, { api: 'hunting', status: '429' })).toBe(1);
    expect(sampleValue(s, `${P}upstream_requests_total`, { api: 'login', status: 'timeout' })).toBe(1);
    expect(sampleValue(s, `${P}upstream_duration_seconds_count`, { api: 'login' })).toBe(1);
    expect(sampleValue(s, `${P}throttles_total`, { api: 'mde', source: 'local_budget' })).toBe(1);
    expect(sampleValue(s, `${P}cache_total`, { result: 'coalesced' })).toBe(1);
    expect(sampleValue(s, `${P}action_requests_total`, { action: 'isolate', state: 'awaitingApproval' })).toBe(1);
    expect(sampleValue(s, `${P}action_requests_active`, { state: 'pending' })).toBe(2);
    expect(sampleValue(s, `${P}turns_total`, { platform: 'slack', kind: 'button' })).toBe(1);
    expect(sampleValue(s, `${P}refusals_total`, { reason: 'tampered-button' })).toBe(1);
    expect(sampleValue(s, `${P}slack_requests_total`, { outcome: 'replayed' })).toBe(1);
  });

  it('starts bounded counters at zero and leaves unrecorded ones alone', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false });
    metrics.recordCache('hit');
    const s = await samplesOf(metrics);
    expect(sampleValue(s, `${P}cache_total`, { result: 'hit' })).toBe(1);
    expect(sampleValue(s, `${P}cache_total`, { result: 'miss' })).toBe(0);
    expect(sampleValue(s, `${P}slack_requests_total`, { outcome: 'bad_signature' })).toBe(0);
    expect(sampleValue(s, `${P}lookups_total`, { platform: 'slack', outcome: 'failed' })).toBe(0);
  });

  it('buckets lookup durations from 50 ms to 30 s, cumulatively', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false });
    for (const seconds of [0.07, 0.07, 3, 45]) metrics.recordLookup({ platform: 'slack', outcome: 'complete', seconds, indicators: 1 });
    const s = await samplesOf(metrics);
    const buckets = s.filter((x) => x.name === `${P}lookup_duration_seconds_bucket` && x.labels.platform === 'slack');
    expect(buckets.map((b) => b.labels.le)).toEqual([...LOOKUP_SECONDS_BUCKETS.map(String), '+Inf']);
    expect(LOOKUP_SECONDS_BUCKETS[0]).toBe(0.05);
    expect(LOOKUP_SECONDS_BUCKETS.at(-1)).toBe(30);
    const le = (v: string) => sampleValue(s, `${P}lookup_duration_seconds_bucket`, { platform: 'slack', le: v });
    expect(le('0.05')).toBe(0);
    expect(le('0.1')).toBe(2);
    expect(le('2')).toBe(2);
    expect(le('4')).toBe(3);
    expect(le('30')).toBe(3);
    expect(le('+Inf')).toBe(4);
  });

  it('buckets upstream durations up to the 200 s hunting limit', async () => {
    const metrics = new BotMetrics({ defaultMetrics: false });
    metrics.recordUpstream({ api: 'hunting', status: 200, seconds: 150 });
    const s = await samplesOf(metrics);
    expect(sampleValue(s, `${P}upstream_duration_seconds_bucket`, { api: 'hunting', le: '120' })).toBe(0);
    expect(sampleValue(s, `${P}upstream_duration_seconds_bucket`, { api: 'hunting', le: '200' })).toBe(1);
  });

  it('reads the active requests from the store at most once per period, however often it is scraped', async () => {
    let now = 1_000_000;
    let reads = 0;
    let fail = false;
    const metrics = new BotMetrics({
      defaultMetrics: false,
      now: () => now,
      activeRequestsMaxAgeMs: 15_000,
      onCollectError: () => undefined,
      activeRequests: async () => {
        reads++;
        if (fail) throw new Error('store down');
        return { pending: reads };
      },
    });
    // A scrape storm, also concurrent: one store read.
    await Promise.all(Array.from({ length: 50 }, () => metrics.text()));
    for (let i = 0; i < 50; i++) await metrics.text();
    expect(reads).toBe(1);
    expect(sampleValue(await samplesOf(metrics), `${P}action_requests_active`, { state: 'pending' })).toBe(1);
    now += 15_000;
    expect(sampleValue(await samplesOf(metrics), `${P}action_requests_active`, { state: 'pending' })).toBe(2);
    expect(reads).toBe(2);
    // A failed read is not kept: the next scrape asks again.
    now += 15_000;
    fail = true;
    await metrics.text();
    fail = false;
    await metrics.text();
    expect(reads).toBe(4);
    expect(sampleValue(await samplesOf(metrics), `${P}action_requests_active`, { state: 'pending' })).toBe(4);
  });

  it('uses its own registry, not prom-client global one, so several instances coexist', async () => {
    const a = new BotMetrics();
    const b = new BotMetrics();
    expect(a.registry).not.toBe(globalRegister);
    expect(a.registry).not.toBe(b.registry);
    expect(globalRegister.getSingleMetric(`${P}lookups_total`)).toBeUndefined();
    a.recordRefusal('role');
    const sb = await samplesOf(b);
    expect(sampleValue(sb, `${P}refusals_total`, { reason: 'role' })).toBe(0);
    expect(sb.some((x) => x.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(a.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('reads open action requests from the store, only for states that are not final', async () => {
    let counts: Record<string, number> = { pending: 2, awaitingApproval: 1 };
    // No reuse period here (the default 15 s has its own test below): every scrape reads.
    const metrics = new BotMetrics({ defaultMetrics: false, activeRequestsMaxAgeMs: 0 });
    metrics.setActiveRequestsSource(async () => counts);
    let s = await samplesOf(metrics);
    expect(sampleValue(s, `${P}action_requests_active`, { state: 'pending' })).toBe(2);
    expect(sampleValue(s, `${P}action_requests_active`, { state: 'awaitingApproval' })).toBe(1);
    expect(sampleValue(s, `${P}action_requests_active`, { state: 'inProgress' })).toBe(0);
    expect(sampleValue(s, `${P}action_requests_active`, { state: 'succeeded' })).toBeUndefined();

    counts = { inProgress: 4 };
    s = await samplesOf(metrics);
    expect(sampleValue(s, `${P}action_requests_active`, { state: 'pending' })).toBe(0);
    expect(sampleValue(s, `${P}action_requests_active`, { state: 'inProgress' })).toBe(4);
  });

  it('still answers a scrape when the store cannot be read, without stale request counts', async () => {
    const errors: unknown[] = [];
    let fail = false;
    const metrics = new BotMetrics({
      defaultMetrics: false,
      activeRequestsMaxAgeMs: 0,
      activeRequests: () => {
        if (fail) throw new Error('store down');
        return { pending: 5 };
      },
      onCollectError: (err) => errors.push(err),
    });
    expect(sampleValue(await samplesOf(metrics), `${P}action_requests_active`, { state: 'pending' })).toBe(5);
    fail = true;
    const s = await samplesOf(metrics);
    expect(s.filter((x) => x.name === `${P}action_requests_active`)).toEqual([]);
    expect(sampleValue(s, `${P}cache_total`, { result: 'hit' })).toBe(0);
    expect(errors).toHaveLength(1);
  });
});
