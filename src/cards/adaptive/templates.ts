import { expandCardTemplate } from './expand-template';
import type { HuntCardData } from './hunt-data';
import type { IncidentCardData } from './incident-data';
import type { LookupCardData } from './lookup-data';
import type { RequestCardData } from './request-data';
import type { ActionsCardData, HelpCardData, MessageCardData } from './simple-data';
// Imported (not read from disk) so that tsc emits them into dist/ next to this file.
import actionsTemplate from './templates/actions.json';
import helpTemplate from './templates/help.json';
import huntTemplate from './templates/hunt.json';
import incidentTemplate from './templates/incident.json';
import lookupTemplate from './templates/lookup.json';
import messageTemplate from './templates/message.json';
import requestTemplate from './templates/request.json';

export type CardJson = Record<string, unknown>;

export interface TemplateData {
  lookup: LookupCardData;
  hunt: HuntCardData;
  actions: ActionsCardData;
  help: HelpCardData;
  message: MessageCardData;
  request: RequestCardData;
  incident: IncidentCardData;
}

/** The Adaptive Card templates (templating language), as JSON. */
export const TEMPLATES: Record<keyof TemplateData, CardJson> = {
  lookup: lookupTemplate,
  hunt: huntTemplate,
  actions: actionsTemplate,
  help: helpTemplate,
  message: messageTemplate,
  request: requestTemplate,
  incident: incidentTemplate,
};

export function expandTemplate<K extends keyof TemplateData>(kind: K, data: TemplateData[K]): CardJson {
  return expandCardTemplate(TEMPLATES[kind], data as unknown as Record<string, unknown>);
}
