import type { AppConfig } from '../config/schema';
import { capNotice, recognize } from '../entities';
import { connectDefender } from '../defender/connect';
import { LookupService } from '../defender/lookup/lookup-service';
import type { LookupTarget } from '../defender/lookup/types';
import { renderFindingsText } from './render-findings';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function lookupCommand(text: string, json: boolean, io: Io, config: AppConfig): Promise<number> {
  const found = recognize(text, { cap: config.lookups.maxIndicators, ignore: config.lookups.ignoreIndicators });
  const targets: LookupTarget[] = found.indicators.map((i) => ({ type: i.type, value: i.value, internal: i.internal }));
  const defender = await connectDefender(config);
  try {
    const result = await new LookupService(defender, config).lookup(targets);
    const notice = capNotice(found);
    if (json) io.out(JSON.stringify({ indicators: found.indicators, total: found.total, notice: notice ?? null, ...result }, null, 2));
    else io.out(renderFindingsText(result, notice));
    return 0;
  } finally {
    await defender.close();
  }
}
