import type { LinkView } from '../view-models';
import { TEXT_MAX } from './limits';
import { mrkdwnText } from './mrkdwn';

/**
 * The URL of a link as it may appear inside "<url|title>": http or https only, no credentials (https://portal@evil
 * reads like the portal), at most `TEXT_MAX.linkUrl` characters; undefined otherwise. "|", "<" and ">" would end the
 * URL or the link early, so they are percent-encoded; "&" becomes "&amp;", as Slack expects in every text.
 */
export function safeLinkUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return undefined;
  const href = url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  return href.length <= TEXT_MAX.linkUrl ? href : undefined;
}

/** "<url|title>" for a well-formed http(s) link, the title inert; undefined when the link cannot be shown safely. */
export function mrkdwnLink(link: LinkView): string | undefined {
  const url = safeLinkUrl(link.url);
  if (url === undefined) return undefined;
  const title = mrkdwnText(link.title, TEXT_MAX.linkTitle) || 'link';
  return `<${url}|${title}>`;
}
