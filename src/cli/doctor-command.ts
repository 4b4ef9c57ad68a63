import { effectiveConfig } from '../app';
import { ConfigError } from '../config/load';
import type { AppConfig } from '../config/schema';
import { loadTenants } from '../config/tenants-file';
import { connectDefender, connectTenants } from '../defender/connect';
import { formatChecks, runDoctor } from './doctor';
import { formatTenantsReport } from './doctor-table';
import { bindingChecks, doctorTenants, tenantFailed } from './doctor-tenants';

export interface DoctorIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export type DoctorOptions = Pick<NonNullable<Parameters<typeof connectTenants>[2]>, 'demoTenants'> & { concurrency?: number };

/**
 * `defender-chatops doctor`. Without TENANTS_FILE: the single tenant's checks as they always were. With it: every
 * tenant of the file checked in parallel, a table, each failure with its fix, the bindings of failed tenants.
 * Exit code: 0, 1 when any check (any tenant) failed, 2 when the tenants file is invalid.
 */
export async function doctorCommand(config: AppConfig, io: DoctorIo, options: DoctorOptions = {}): Promise<number> {
  if (!config.tenantsFile) {
    const defender = await connectDefender(config);
    try {
      const checks = await runDoctor(effectiveConfig(config, defender.demo), defender);
      io.out(formatChecks(checks));
      return checks.some((c) => c.status === 'fail') ? 1 : 0;
    } finally {
      await defender.close();
    }
  }

  const demo = config.credential.kind === 'demo';
  const effective = effectiveConfig(config, demo);
  let tenants;
  try {
    tenants = loadTenants(effective, io.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(err.message);
    return 2;
  }
  const defenders = await connectTenants(effective, tenants.tenants, { demoTenants: options.demoTenants });
  try {
    const reports = await doctorTenants(effective, tenants.tenants, defenders, options.concurrency);
    const n = tenants.tenants.length;
    const heading = `Tenants file ${tenants.file ?? config.tenantsFile} (TENANTS_FILE): ${n} tenant${n === 1 ? '' : 's'}${demo ? ' (DEMO MODE: the embedded emulator stands in for Microsoft)' : ''}`;
    io.out(formatTenantsReport(heading, reports, bindingChecks(tenants, reports)));
    return reports.some(tenantFailed) ? 1 : 0;
  } finally {
    await defenders.close();
  }
}
