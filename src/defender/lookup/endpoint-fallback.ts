import type { Defender } from '../connect';
import type { MdeAlert, MdeDomainStats, MdeFile, MdeFileStats, MdeIpStats, MdeMachine } from '../types';
import { targetKey } from './result-cache';
import type { LookupTarget } from './types';

/** What Defender for Endpoint's own endpoints say about one indicator, when advanced hunting cannot answer. */
export interface EndpointFindings {
  ipStats?: MdeIpStats;
  domainStats?: MdeDomainStats;
  file?: MdeFile;
  fileStats?: MdeFileStats;
  /** Devices related to the indicator, and how; absent when the endpoint did not answer. */
  machines?: { machine: MdeMachine; relation: string }[];
  /** Ids of Defender for Endpoint alerts related to the indicator (the same ids Graph's alerts_v2 uses); absent when the endpoint did not answer. */
  alertIds?: string[];
}

/** Indicators looked up this way per request: each costs up to four calls against Defender for Endpoint's budgets. */
export const MAX_FALLBACK_TARGETS = 10;

const settle = async <T>(work: Promise<T>): Promise<T | undefined> => work.catch(() => undefined);

/**
 * Defender for Endpoint's per-indicator endpoints (api/get-ip-statistics.md, find-machines-by-ip.md,
 * get-ip-related-alerts.md, get-domain-statistics.md, get-domain-related-machines.md, get-domain-related-alerts.md,
 * get-file-information.md, get-file-statistics.md, get-file-related-machines.md, get-file-related-alerts.md): what they
 * give fills the devices, prevalence, files and alerts of IPs, domains and SHA-1/SHA-256 hashes in part. Each call
 * succeeds or fails on its own (a missing Ip.Read.All only leaves prevalence out); calls go through the same rate
 * budgets as every other call. Other indicator types have no such endpoint.
 */
export async function readEndpointFallback(defender: Defender, targets: LookupTarget[], now: Date): Promise<Map<string, EndpointFindings>> {
  const out = new Map<string, EndpointFindings>();
  const eligible = targets.filter((t) => ['ipv4', 'ipv6', 'domain', 'sha1', 'sha256'].includes(t.type)).slice(0, MAX_FALLBACK_TARGETS);
  const mde = defender.endpoint;
  await Promise.all(
    eligible.map(async (t) => {
      const found: EndpointFindings = {};
      const alerts = (list: MdeAlert[] | undefined) => {
        if (list) found.alertIds = list.map((a) => String(a.id));
      };
      const related = (list: MdeMachine[] | undefined, relation: string) => {
        if (list) found.machines = list.map((machine) => ({ machine, relation }));
      };
      switch (t.type) {
        case 'ipv4':
        case 'ipv6': {
          const [stats, machines, relatedAlerts] = await Promise.all([
            settle(mde.getIpStats(t.value)),
            settle(mde.findMachinesByIp(t.value, now)),
            settle(mde.getIpAlerts(t.value)),
          ]);
          found.ipStats = stats;
          related(machines, `used ${t.value} in the last 15 minutes`);
          alerts(relatedAlerts);
          break;
        }
        case 'domain': {
          const [stats, machines, relatedAlerts] = await Promise.all([
            settle(mde.getDomainStats(t.value)),
            settle(mde.getDomainMachines(t.value)),
            settle(mde.getDomainAlerts(t.value)),
          ]);
          found.domainStats = stats;
          related(machines, `contacted ${t.value}`);
          alerts(relatedAlerts);
          break;
        }
        case 'sha1':
        case 'sha256': {
          const [file, stats, relatedAlerts] = await Promise.all([
            settle(mde.getFile(t.value)),
            settle(mde.getFileStats(t.value)),
            settle(mde.getFileAlerts(t.value)),
          ]);
          found.file = file;
          found.fileStats = stats;
          alerts(relatedAlerts);
          // Devices with the file are listed by SHA-1 only: a SHA-256 needs the profile's SHA-1 first.
          const sha1 = t.type === 'sha1' ? t.value : file?.sha1;
          const machines = sha1 ? await settle(mde.getFileMachines(sha1)) : undefined;
          related(machines, 'has the file');
          break;
        }
      }
      out.set(targetKey(t.type, t.value), found);
    }),
  );
  return out;
}
