import { buildIncident, type Story } from '../builders';
import { DETECTORS } from '../detectors';
import { FILES } from '../hashes';
import { INCIDENT_IDS } from '../ids';
import { EXTERNAL_IPS } from '../network';
import { earliest, latest } from '../time';
import { ANALYSTS, type StoryContext } from './context';

/** statement.pdf.exe blocked for every recipient: Office 365 knows its SHA-256, Defender for Endpoint never saw it. */
export function statementCampaignStory({ clock, emails }: StoryContext): Story {
  const mails = [emails.statementUser2, emails.statementUser3, emails.statementUser7, emails.statementCfo];
  const first = earliest(mails.map((m) => m.received));
  const last = latest(mails.map((m) => m.received));
  return buildIncident({
    id: INCIDENT_IDS.statementCampaign,
    displayName: 'Malware campaign detected and blocked involving multiple users',
    severity: 'low',
    status: 'resolved',
    assignedTo: ANALYSTS.sam,
    classification: 'truePositive',
    determination: 'malware',
    lastModifiedBy: ANALYSTS.sam,
    resolvingComment: 'All four messages were blocked at delivery; no device saw the file.',
    alerts: [
      {
        label: 'statement-campaign',
        detector: DETECTORS.malwareCampaign,
        description:
          `Four emails from ${emails.statementUser2.sender.emailAddress} carrying statement.pdf.exe ` +
          '(Trojan:Win32/Wacatac.B!ml) were blocked and quarantined.',
        severity: 'low',
        firstActivity: first,
        lastActivity: last,
        created: clock.after(last, { m: 6 }),
        lastUpdate: clock.after(last, { h: 2 }),
        resolved: clock.after(last, { h: 2 }),
        threat: { displayName: 'Trojan:Win32/Wacatac.B!ml', familyName: 'Wacatac' },
        investigationState: 'benign',
        evidence: (ev) => [
          ev.mailCluster(mails, 'AttachmentHash', FILES.statementPdfExe.sha256, {
            verdict: 'malicious',
            remediationStatus: 'blocked',
          }),
          ev.analyzedMessage(emails.statementCfo, { verdict: 'malicious', remediationStatus: 'blocked' }),
          ev.file('statementPdfExe', null, null, { verdict: 'malicious', remediationStatus: 'blocked', detectionStatus: 'blocked' }),
          ev.ip(EXTERNAL_IPS.statementSender, { verdict: 'malicious', roles: ['attacker', 'source'] }),
        ],
      },
    ],
  });
}
