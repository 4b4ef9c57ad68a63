import type { ButtonView, IncidentTriageView, IncidentView, ItemView } from '../../cards/view-models';
import type { IncidentDetails } from '../../defender/incidents/incident-details';
import {
  CLASSIFICATIONS,
  CLASSIFICATION_TITLES,
  DETERMINATIONS_BY_CLASSIFICATION,
  DETERMINATION_TITLES,
  SETTABLE_STATUSES,
  STATUS_TITLES,
  classificationText,
} from '../../defender/incident-values';
import type { AppConfig } from '../../config/schema';
import type { ButtonRegistry } from '../button-registry';
import { deviceItem, type MintButton } from '../lookup-view';
import { snapshotOf } from './incident-snapshot';

/**
 * An incident card stays in a channel for as long as the incident is worked, and is redrawn only when it changes: its
 * buttons live two weeks, not the day a lookup card's do.
 */
export const INCIDENT_CARD_BUTTON_TTL_MS = 14 * 24 * 3600_000;

export interface IncidentViewOptions {
  demo: boolean;
  mint: MintButton;
  /** Triage buttons and forms (DEFENDER_ENABLE_INCIDENT_TRIAGE). */
  triage: boolean;
  actions: { deviceIsolation: boolean; fileQuarantine: boolean };
  notice?: IncidentView['notice'];
  /** Items per list on the card (alerts, devices, users, mailboxes); the rest is counted and "Show all" offered. */
  perList?: number;
}

const minute = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '?');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const source = (s: string) => s.replace(/^microsoftDefenderFor/, 'Defender for ').replace(/^microsoft365Defender$/, 'Defender XDR');

function tone(severity: string, status: string): IncidentView['tone'] {
  if (status === 'resolved') return 'good';
  return severity === 'high' ? 'attention' : severity === 'medium' ? 'warning' : 'default';
}

function alertItem(a: IncidentDetails['alerts'][number]): ItemView {
  return {
    title: a.title,
    subtitle: `${cap(a.severity)} · ${STATUS_TITLES[a.status] ?? a.status} · ${source(a.serviceSource)} · ${minute(a.createdDateTime)}`,
    tone: a.severity === 'high' ? 'attention' : a.severity === 'medium' ? 'warning' : 'default',
    facts: a.evidence.slice(0, 4).map((e) => ({ title: e.type, value: `${e.value}${e.verdict && e.verdict !== 'unknown' ? ` (${e.verdict})` : ''}` })),
    links: [{ title: 'Open alert', url: a.link }],
    buttons: [],
  };
}

const plainItem = (title: string): ItemView => ({ title, facts: [], links: [], buttons: [] });

function triageView(details: IncidentDetails, mint: MintButton): IncidentTriageView {
  const incident = details.incident;
  const base = { incidentId: incident.id, drawn: incident.lastUpdateDateTime, snapshot: JSON.stringify(snapshotOf(incident)) };
  const button = (title: string, params: Record<string, string>, primary = false): ButtonView => ({
    title,
    verb: 'triage',
    requestId: mint('triage', { ...base, ...params }),
    ...(primary ? { primary } : {}),
  });
  const tags = incident.customTags ?? [];
  return {
    assign: button('Assign to me', { op: 'assign' }, true),
    statuses: SETTABLE_STATUSES.filter((s) => s !== incident.status).map((s) => button(`Set ${STATUS_TITLES[s]!.toLowerCase()}`, { op: 'status', value: s })),
    resolve: CLASSIFICATIONS.map((c) => ({
      title: CLASSIFICATION_TITLES[c],
      buttons: DETERMINATIONS_BY_CLASSIFICATION[c].map((d) => button(DETERMINATION_TITLES[d] ?? d, { op: 'resolve', classification: c, determination: d })),
    })),
    comment: {
      title: 'Comment',
      inputs: [{ id: 'comment', label: 'Comment (saved in Defender with your name)', kind: 'text', required: true, maxLength: 1000 }],
      submit: button('Add comment', { op: 'comment' }),
    },
    addTag: {
      title: 'Tag',
      inputs: [{ id: 'tag', label: 'Tag', kind: 'text', required: true, maxLength: 100 }],
      submit: button('Add tag', { op: 'addTag' }),
    },
    removeTags: tags.slice(0, 10).map((t) => button(`Remove tag ${t.slice(0, 40)}`, { op: 'removeTag', value: t })),
    textHint: `By text: incident ${incident.id} comment <text> · incident ${incident.id} tag add <tag> · incident ${incident.id} resolve tp malware`,
  };
}

/** The incident card: how bad and where first, then triage, alerts, devices with their response buttons, people, tags, comments. */
export function buildIncidentView(details: IncidentDetails, options: IncidentViewOptions): IncidentView {
  const { incident } = details;
  const per = options.perList ?? 10;
  const severity = incident.severity ?? 'unknown';
  const status = incident.status ?? 'unknown';
  const owner = incident.assignedTo ? incident.assignedTo : 'Unassigned';
  const deviceNames = details.devices.slice(0, 2).map((d) => d.name.split('.')[0]);
  const scope = [
    plural(details.alerts.length, 'alert'),
    `${plural(details.devices.length, 'device')}${deviceNames.length ? ` (${deviceNames.join(', ')}${details.devices.length > 2 ? ', ...' : ''})` : ''}`,
    plural(details.users.length, 'user'),
    plural(details.mailboxes.length, 'mailbox', 'mailboxes'),
  ].join(' · ');
  const lists = {
    alerts: details.alerts.map(alertItem),
    devices: details.devices.map((d) => deviceItem(d, { actions: options.actions, mint: options.mint })),
    users: details.users.map(plainItem),
    mailboxes: details.mailboxes.map(plainItem),
  };
  const hidden = Object.values(lists).reduce((n, l) => n + Math.max(0, l.length - per), 0);
  const comments = [...(incident.comments ?? [])]
    .filter((c) => c.comment)
    .sort((a, b) => (b.createdDateTime ?? '').localeCompare(a.createdDateTime ?? ''))
    .slice(0, 3)
    .map((c) => ({ at: minute(c.createdDateTime), by: c.createdByDisplayName ?? 'someone', text: c.comment ?? '' }));
  const notices = [options.notice?.text, details.devicesError ? `Device state unknown: ${details.devicesError.message}` : undefined].filter(Boolean);
  return {
    kind: 'incident',
    demo: options.demo,
    id: incident.id,
    title: `Incident ${incident.id}: ${incident.displayName ?? ''}`.trim(),
    headline: [cap(severity), STATUS_TITLES[status] ?? status, owner, classificationText(incident.classification, incident.determination)].join(' · '),
    scope,
    tone: tone(severity, status),
    ...(notices.length ? { notice: { tone: options.notice?.tone ?? 'warning', text: notices.join(' ') } } : {}),
    alerts: lists.alerts.slice(0, per),
    devices: lists.devices.slice(0, per),
    users: lists.users.slice(0, per),
    mailboxes: lists.mailboxes.slice(0, per),
    tags: [...(incident.customTags ?? []), ...(incident.systemTags ?? [])],
    comments,
    links: [{ title: 'Open in Defender', url: details.link }],
    ...(hidden > 0
      ? {
          hiddenCount: hidden,
          showAll: { title: `Show all (${hidden} more)`, verb: 'incidentShowAll', requestId: options.mint('incidentShowAll', { incidentId: incident.id }) },
        }
      : {}),
    ...(options.triage && status !== 'redirected' ? { triage: triageView(details, options.mint) } : {}),
    refresh: { title: 'Refresh', verb: 'incidentRefresh', requestId: options.mint('incidentRefresh', { incidentId: incident.id }) },
    updatedAt: incident.lastUpdateDateTime,
    generatedAt: new Date().toISOString(),
  };
}

/** What drawing an incident card for a conversation needs: the options in force and where its buttons are minted. */
export interface IncidentCardSource {
  config: Pick<AppConfig, 'incidents' | 'actions'>;
  buttons: Pick<ButtonRegistry, 'mint'>;
  demo: boolean;
}

/** The incident's card for one conversation, its buttons minted there for INCIDENT_CARD_BUTTON_TTL_MS. */
export function incidentCardFor(
  source: IncidentCardSource,
  conversationId: string,
  details: IncidentDetails,
  notice?: IncidentView['notice'],
  perList?: number,
): IncidentView {
  return buildIncidentView(details, {
    demo: source.demo,
    mint: (verb, params) => source.buttons.mint(verb, conversationId, params, INCIDENT_CARD_BUTTON_TTL_MS),
    triage: source.config.incidents.triage,
    actions: source.config.actions,
    notice,
    perList,
  });
}
