import { AsyncLocalStorage } from 'node:async_hooks';
import { DefenderError } from '../src/defender/http/errors';
import { LookupService } from '../src/defender/lookup/lookup-service';
import type { LookupResult, LookupTarget, TargetFindings } from '../src/defender/lookup/types';

/** What one message's lookup needed: filled in by ObservedLookupService for the message running in `observeMessage`. */
export interface MessageLookup {
  targets: number;
  cacheHits: number;
  coalesced: number;
  fetched: number;
  throttledSections: number;
  failedSections: number;
  failed: boolean;
}

export interface LookupCounts extends Omit<MessageLookup, 'failed'> {
  lookups: number;
  failedLookups: number;
  /** Lookups that failed outright because Microsoft or the bot's own budget throttled them. */
  throttledLookups: number;
  answersWithThrottledSection: number;
  answersWithFailedSection: number;
}

const current = new AsyncLocalStorage<MessageLookup>();

export function newMessageLookup(): MessageLookup {
  return { targets: 0, cacheHits: 0, coalesced: 0, fetched: 0, throttledSections: 0, failedSections: 0, failed: false };
}

export function observeMessage<T>(record: MessageLookup, work: () => Promise<T>): Promise<T> {
  return current.run(record, work);
}

const SECTIONS = ['incidents', 'alerts', 'assigned', 'devices', 'files', 'prevalence', 'emails', 'hunting'] as const;

/**
 * The production LookupService, counting where each indicator's answer came from: the result cache, another request's
 * upstream read of the same indicator at the same moment (it receives the very same findings object), or its own read.
 */
export class ObservedLookupService extends LookupService {
  readonly counts: LookupCounts = {
    lookups: 0,
    targets: 0,
    cacheHits: 0,
    coalesced: 0,
    fetched: 0,
    throttledSections: 0,
    failedSections: 0,
    failedLookups: 0,
    throttledLookups: 0,
    answersWithThrottledSection: 0,
    answersWithFailedSection: 0,
  };
  private readonly seen = new WeakSet<TargetFindings>();

  override async lookup(targets: LookupTarget[]): Promise<LookupResult> {
    const record = current.getStore() ?? newMessageLookup();
    this.counts.lookups++;
    let result: LookupResult;
    try {
      result = await super.lookup(targets);
    } catch (err) {
      record.failed = true;
      this.counts.failedLookups++;
      if (err instanceof DefenderError && err.kind === 'throttled') this.counts.throttledLookups++;
      throw err;
    }
    const call = { targets: 0, cacheHits: 0, coalesced: 0, fetched: 0, throttledSections: 0, failedSections: 0 };
    for (const f of result.findings) {
      call.targets++;
      if (f.cached) call.cacheHits++;
      else if (this.seen.has(f)) call.coalesced++;
      else {
        this.seen.add(f);
        call.fetched++;
      }
      for (const name of SECTIONS) {
        const section = f[name];
        if (section.status !== 'error') continue;
        call.failedSections++;
        if (section.error.kind === 'throttled') call.throttledSections++;
      }
    }
    for (const key of Object.keys(call) as (keyof typeof call)[]) {
      record[key] += call[key];
      this.counts[key] += call[key];
    }
    if (call.throttledSections > 0) this.counts.answersWithThrottledSection++;
    if (call.failedSections > 0) this.counts.answersWithFailedSection++;
    return result;
  }
}
