import { recognize } from '../../entities';
import type { IndicatorAction, IndicatorType } from '../../defender/types';
import type { ActionSpec } from '../registry/action-spec';
import { choice, reasonInput } from './inputs';
import { splitReason } from './typed';

/** Defender for Endpoint's indicator types for what the recognizer finds (post-ti-indicator: indicatorType). */
const INDICATOR_TYPES: Record<string, IndicatorType> = {
  sha1: 'FileSha1',
  sha256: 'FileSha256',
  md5: 'FileMd5',
  ipv4: 'IpAddress',
  ipv6: 'IpAddress',
  domain: 'DomainName',
  url: 'Url',
};

const indicatorAction = choice(
  'indicatorAction',
  'Action',
  ['Block', 'Warn', 'Audit'].map((v) => ({ title: v, value: v })),
  'Block',
);
const expiryDays = choice(
  'expiryDays',
  'Expires after (days)',
  ['1', '7', '30', '90', '365'].map((d) => ({ title: d, value: d })),
  '30',
);

/** Block (or warn about, or audit) a file hash, IP, domain or URL across the tenant (Defender for Endpoint indicators). */
export const block: ActionSpec<'block'> = {
  name: 'block',
  aliases: ['block'],
  title: 'Block indicator',
  noun: 'indicator block',
  usage: 'block <hash, IP, domain or URL> because <reason>',
  description: 'Block, warn about or audit a file hash, IP, domain or URL in Defender for Endpoint, with an expiry. Needs the responder role',
  inManifest: false,
  onCards: false,
  permission: 'Ti.ReadWrite.All',
  disruptive: false,
  approvalByDefault: true,
  enabled: (c) => c.actions.blockIndicator,
  parseText(text) {
    const { head, reason } = splitReason(text);
    const found = recognize(head, { cap: 1 }).indicators[0];
    if (!found || !INDICATOR_TYPES[found.type]) return { error: 'Write: block <hash, IP, domain or URL> because <reason>' };
    return { params: { indicatorValue: found.value, indicatorType: found.type }, prefill: { reason } };
  },
  inputs: (prefill) => [reasonInput(prefill.reason), indicatorAction.input(), expiryDays.input()],
  readInputs: (data) => ({ indicatorAction: indicatorAction.read(data), expiryDays: expiryDays.read(data) }),
  async check(_ctx, params) {
    if (!INDICATOR_TYPES[params.indicatorType ?? ''])
      return {
        refused: {
          tone: 'warning',
          title: 'That value cannot be blocked',
          text: `A ${params.indicatorType ?? 'value'} cannot be a Defender indicator: block a file hash, an IP address, a domain or a URL.`,
        },
      };
    return {
      params,
      facts: [
        { title: 'Indicator', value: params.indicatorValue ?? '' },
        { title: 'Type', value: params.indicatorType ?? '' },
      ],
      warnings: [],
    };
  },
  async execute(defender, params, comment) {
    const type = INDICATOR_TYPES[params.indicatorType ?? ''];
    if (!type) throw new RangeError(`cannot block a ${params.indicatorType ?? 'value'} as a Defender indicator`);
    const action = (['Block', 'Warn', 'Audit'].includes(params.indicatorAction ?? '') ? params.indicatorAction : 'Block') as IndicatorAction;
    const days = Math.min(Math.max(Number(params.expiryDays ?? 30) || 30, 1), 365);
    const created = await defender.endpoint.createIndicator({
      indicatorValue: params.indicatorValue ?? '',
      indicatorType: type,
      action,
      title: `defender-chatops: ${action} ${params.indicatorValue ?? ''}`.slice(0, 200),
      description: comment.slice(0, 1000),
      expirationTime: new Date(Date.now() + days * 86_400_000).toISOString(),
      severity: 'High',
      generateAlert: action === 'Audit' ? true : undefined,
    });
    return { kind: 'indicator', indicatorId: created.id };
  },
  cardTitle: (params) => `${params.indicatorAction ?? 'Block'} ${params.indicatorValue ?? ''}`,
};
