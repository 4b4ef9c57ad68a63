import type { Defender } from '../defender/connect';
import { errorFromFailure } from '../defender/http/error-mapping';
import { graphOp, mdeOp } from '../defender/http/operation';

export interface StartupProblem {
  message: string;
  /** A wrong credential or cloud will not heal by itself: refuse to start. A network blip may: warn. */
  fatal: boolean;
}

/** At start-up, get a token for each audience so a wrong secret, tenant or cloud is reported before anyone asks. */
export async function startupChecks(defender: Defender): Promise<StartupProblem[]> {
  const problems: StartupProblem[] = [];
  for (const [op, scope] of [
    [graphOp('sign-in', []), defender.endpoints.graphScope],
    [mdeOp('sign-in', 'token', []), defender.endpoints.apiScope],
  ] as const) {
    try {
      await defender.credential.getToken(scope);
    } catch (err) {
      const mapped = errorFromFailure(op, err, defender.endpoints, defender.endpoints.authorityHost);
      problems.push({ message: mapped.message, fatal: mapped.kind === 'credential' });
    }
  }
  return problems;
}
