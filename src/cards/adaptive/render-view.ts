import type { FittedView } from '../fitted-views';
import { huntCardData } from './hunt-data';
import { incidentCardData } from './incident-data';
import { lookupCardData } from './lookup-data';
import { refreshOf, requestCardData } from './request-data';
import { actionsCardData, helpCardData, messageCardData } from './simple-data';
import { type CardJson, expandTemplate, type TemplateData } from './templates';

export type CardData = { [K in keyof TemplateData]: { kind: K; data: TemplateData[K] } }[keyof TemplateData];

/** Which template a view fills, and the data it fills it with. */
export function cardDataOf(view: FittedView): CardData {
  switch (view.kind) {
    case 'lookup':
      return { kind: 'lookup', data: lookupCardData(view) };
    case 'hunt':
      return { kind: 'hunt', data: huntCardData(view) };
    case 'actions':
      return { kind: 'actions', data: actionsCardData(view) };
    case 'help':
      return { kind: 'help', data: helpCardData(view) };
    case 'message':
      return { kind: 'message', data: messageCardData(view) };
    case 'request':
      return { kind: 'request', data: requestCardData(view) };
    case 'incident':
      return { kind: 'incident', data: incidentCardData(view) };
  }
}

/** The card of a view that went through escapeView (and maybe the budget fitter); no size check here. */
export function renderEscapedView(view: FittedView): CardJson {
  const { kind, data } = cardDataOf(view);
  const card = expandTemplate(kind, data as never);
  return view.kind === 'request' && view.personal !== undefined ? { ...card, refresh: refreshOf(view.personal) } : card;
}
