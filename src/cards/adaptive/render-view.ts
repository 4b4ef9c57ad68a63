import type { FittedView } from './fitted-views';
import { huntCardData } from './hunt-data';
import { lookupCardData } from './lookup-data';
import { requestCardData } from './request-data';
import { actionsCardData, helpCardData, messageCardData } from './simple-data';
import { type CardJson, expandTemplate } from './templates';

/** The card of a view that went through escapeView (and maybe the budget fitter); no size check here. */
export function renderEscapedView(view: FittedView): CardJson {
  switch (view.kind) {
    case 'lookup':
      return expandTemplate('lookup', lookupCardData(view));
    case 'hunt':
      return expandTemplate('hunt', huntCardData(view));
    case 'actions':
      return expandTemplate('actions', actionsCardData(view));
    case 'help':
      return expandTemplate('help', helpCardData(view));
    case 'message':
      return expandTemplate('message', messageCardData(view));
    case 'request':
      return expandTemplate('request', requestCardData(view));
  }
}
