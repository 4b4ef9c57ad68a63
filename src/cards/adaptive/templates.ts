import { Template } from 'adaptivecards-templating';
import type { HuntCardData } from './hunt-data';
import type { LookupCardData } from './lookup-data';
import type { RequestCardData } from './request-data';
import type { ActionsCardData, HelpCardData, MessageCardData } from './simple-data';
// Imported (not read from disk) so that tsc emits them into dist/ next to this file.
import actionsTemplate from './templates/actions.json';
import helpTemplate from './templates/help.json';
import huntTemplate from './templates/hunt.json';
import lookupTemplate from './templates/lookup.json';
import messageTemplate from './templates/message.json';
import requestTemplate from './templates/request.json';

export type CardJson = Record<string, unknown>;

interface TemplateData {
  lookup: LookupCardData;
  hunt: HuntCardData;
  actions: ActionsCardData;
  help: HelpCardData;
  message: MessageCardData;
  request: RequestCardData;
}

// Parsed once; a Template expands any number of times.
const TEMPLATES: Record<keyof TemplateData, Template> = {
  lookup: new Template(lookupTemplate),
  hunt: new Template(huntTemplate),
  actions: new Template(actionsTemplate),
  help: new Template(helpTemplate),
  message: new Template(messageTemplate),
  request: new Template(requestTemplate),
};

export function expandTemplate<K extends keyof TemplateData>(kind: K, data: TemplateData[K]): CardJson {
  return TEMPLATES[kind].expand({ $root: data }) as CardJson;
}
