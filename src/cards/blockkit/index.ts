export { ACTION_ID_PREFIX, verbOfActionId } from './buttons';
export { CONFIRM_CALLBACK_ID, renderConfirmModal } from './confirm-modal';
export { MESSAGE_BUDGET_CHARS, SLACK_LIMITS } from './limits';
export { readModalValues } from './modal-values';
export { escapeEntities } from './mrkdwn';
export { renderBlockKit, type SlackMessage } from './render';
export { CHECKING_CALLBACK_ID, REFUSAL_CALLBACK_ID, renderCheckingModal, renderRefusalModal, type CheckingModal } from './progress-modal';
