import type { IncidentList } from './incident-text';
import type { ActionsView, HelpView, HuntView, IncidentView, LookupView, MessageView, RequestView } from './view-models';

/*
 * Views as a renderer's fitter hands them to its templates or blocks: the view models plus what the fitter left off
 * where the model has no field for it. A lookup needs none: it uses hiddenCount, an error section and the notice.
 */

export interface FittedHuntView extends HuntView {
  /** Rows of this page left off to stay within the size budget. */
  rowsNotShown?: number;
}

export interface FittedActionsView extends ActionsView {
  /** Items left off to stay within the size budget. */
  itemsNotShown?: number;
}

export interface FittedRequestView extends RequestView {
  /** The oldest timeline entries, left off over the entry cap or to stay within the size budget. */
  timelineNotShown?: number;
  /** The last facts, left off over the fact cap or to stay within the size budget. */
  factsNotShown?: number;
}

export interface FittedIncidentView extends IncidentView {
  /** Items of each list left off (over a renderer's cap or to stay within the size budget); hiddenCount counts them too. */
  notShown?: Partial<Record<IncidentList, number>>;
}

export type FittedView = LookupView | FittedHuntView | FittedActionsView | HelpView | MessageView | FittedRequestView | FittedIncidentView;
