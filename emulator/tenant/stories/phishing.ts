import { buildIncident, comment, type Story } from '../builders';
import { DETECTORS } from '../detectors';
import { INCIDENT_IDS } from '../ids';
import { EXTERNAL_IPS, PHISH_URL } from '../network';
import { T } from '../timeline';
import { earliest } from '../time';
import { USERS } from '../users';
import { ANALYSTS, type StoryContext } from './context';

/** Credential phishing from billing@example.net to four users: one blocked, one ZAP'd, one clicked. */
export function phishingStory({ clock, emails }: StoryContext): Story {
  const mails = [emails.phishUser1, emails.phishUser2, emails.phishUser3, emails.phishUser4];
  const first = earliest(mails.map((m) => m.received));
  const zapAt = emails.phishUser4.postDelivery[0]?.at ?? clock.after(first, { m: 38 });
  const clickAt = clock.ago(T.phishClickUser1);
  const senderIp = EXTERNAL_IPS.phishSender;

  return buildIncident({
    id: INCIDENT_IDS.phishing,
    displayName: 'Email reported by user as malware or phish involving multiple users',
    severity: 'high',
    status: 'inProgress',
    assignedTo: ANALYSTS.alex,
    classification: 'truePositive',
    determination: 'phishing',
    customTags: ['Phishing', 'Credential theft'],
    lastModifiedBy: ANALYSTS.alex,
    comments: [
      comment('user1 clicked the link; password reset and sessions revoked. Waiting for sign-in review.', 'Alex Analyst', clock.after(clickAt, { h: 1, m: 5 })),
    ],
    alerts: [
      {
        label: 'phish-url-zap',
        detector: DETECTORS.urlZap,
        description:
          `Emails from billing@example.net containing the malicious URL ${PHISH_URL} were delivered and later ` + 'removed by zero-hour auto purge (ZAP).',
        severity: 'high',
        firstActivity: first,
        lastActivity: zapAt,
        created: clock.after(zapAt, { s: 41 }),
        lastUpdate: clock.after(zapAt, { h: 2, m: 3 }),
        investigationState: 'successfullyRemediated',
        evidence: (ev) => [
          ev.analyzedMessage(emails.phishUser4, { verdict: 'malicious', remediationStatus: 'remediated' }),
          ev.url(PHISH_URL, { verdict: 'malicious', roles: ['contextual'] }),
          ev.ip(senderIp, { verdict: 'suspicious', roles: ['attacker', 'source'] }),
          ev.mailbox(USERS.user4, { roles: ['destination'] }),
          ev.mailCluster(mails, 'Url', PHISH_URL, { verdict: 'malicious', remediationStatus: 'remediated' }),
        ],
      },
      {
        label: 'phish-url-click',
        detector: DETECTORS.urlClick,
        description:
          `user1@contoso.com clicked ${PHISH_URL} in an email from billing@example.net. Safe Links allowed the ` +
          'click because the URL verdict changed after the message was delivered.',
        severity: 'high',
        firstActivity: clickAt,
        lastActivity: clickAt,
        created: clock.after(clickAt, { m: 3 }),
        lastUpdate: clock.after(clickAt, { h: 1, m: 5 }),
        investigationState: 'pendingApproval',
        evidence: (ev) => [
          ev.analyzedMessage(emails.phishUser1, { verdict: 'malicious', remediationStatus: 'remediated' }),
          ev.url(PHISH_URL, { verdict: 'malicious', roles: ['contextual'] }),
          ev.ip(senderIp, { verdict: 'suspicious', roles: ['attacker', 'source'] }),
          ev.mailbox(USERS.user1, { roles: ['destination'] }),
          ev.user(USERS.user1, { verdict: 'suspicious', roles: ['compromised'] }),
        ],
      },
      {
        label: 'phish-user-reported',
        detector: DETECTORS.userReported,
        description: 'user2@contoso.com reported an email from billing@example.net as phishing.',
        severity: 'informational',
        firstActivity: emails.phishUser2.received,
        lastActivity: clock.after(emails.phishUser2.received, { m: 19 }),
        created: clock.after(emails.phishUser2.received, { m: 20 }),
        lastUpdate: clock.after(emails.phishUser2.received, { h: 1 }),
        investigationState: 'benign',
        evidence: (ev) => [
          ev.analyzedMessage(emails.phishUser2, { verdict: 'malicious' }),
          ev.mailbox(USERS.user2, { roles: ['destination'] }),
          ev.url(PHISH_URL, { verdict: 'malicious' }),
        ],
      },
    ],
  });
}
