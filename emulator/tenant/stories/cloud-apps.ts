import { buildIncident, comment, mergeStories, type Story } from '../builders';
import { DETECTORS } from '../detectors';
import type { CloudAppSpec, OAuthAppSpec } from '../evidence';
import { INCIDENT_IDS } from '../ids';
import { EXTERNAL_IPS } from '../network';
import { T } from '../timeline';
import { USERS } from '../users';
import { ANALYSTS, type StoryContext } from './context';

export const EXCHANGE_ONLINE: CloudAppSpec = {
  appId: 20893,
  displayName: 'Microsoft Exchange Online',
  instanceId: 0,
  instanceName: 'Microsoft Exchange Online',
  saasAppId: 20893,
};

export const OFFICE_365: CloudAppSpec = {
  appId: 11161,
  displayName: 'Office 365',
  instanceId: 0,
  instanceName: 'Office 365',
  saasAppId: 11161,
};

/** The consented app with a look-alike publisher name. */
export const MAIL_SYNC_APP: OAuthAppSpec = {
  appId: 'e7c3a1d9-4b2f-4c8e-9a6d-1f0b3e5c7a92',
  displayName: 'Mail Sync Pro',
  objectId: '5b9e2d41-7c3a-4f1e-b8d6-0a2c4e6f8b13',
  publisher: 'Micros0ft Corporation',
};

/** Impossible travel for user2, then an OAuth app user2 consented to gaining new credentials. */
export function cloudAppsStory({ clock }: StoryContext): Story {
  const home = clock.ago(T.travelHome);
  const away = clock.ago(T.travelAway);
  const credentialAdded = clock.ago(T.oauthCredentialAdded);

  const travel = buildIncident({
    id: INCIDENT_IDS.impossibleTravel,
    displayName: 'Impossible travel activity involving one user',
    severity: 'medium',
    status: 'inProgress',
    assignedTo: ANALYSTS.sam,
    lastModifiedBy: ANALYSTS.sam,
    comments: [comment('user2 says she was in Seattle all week and does not use a VPN. Treating as account takeover.', 'Sam Soc', clock.after(away, { h: 3 }))],
    alerts: [
      {
        label: 'user2-impossible-travel',
        detector: DETECTORS.impossibleTravel,
        description:
          `user2@contoso.com signed in from ${EXTERNAL_IPS.travelHome.ipAddress} (Seattle, US) and ` +
          `${EXTERNAL_IPS.travelAway.ipAddress} (Sao Paulo, BR) within 112 minutes.`,
        severity: 'medium',
        firstActivity: home,
        lastActivity: away,
        created: clock.after(away, { m: 9 }),
        lastUpdate: clock.after(away, { h: 3 }),
        investigationState: 'unsupportedAlertType',
        evidence: (ev) => [
          ev.user(USERS.user2, { verdict: 'suspicious', roles: ['compromised'] }),
          ev.ip(EXTERNAL_IPS.travelHome, { roles: ['source'] }),
          ev.ip(EXTERNAL_IPS.travelAway, { verdict: 'suspicious', roles: ['source'] }),
          ev.cloudApplication(EXCHANGE_ONLINE, { roles: ['contextual'] }),
        ],
      },
      {
        label: 'user2-infrequent-country',
        detector: DETECTORS.infrequentCountry,
        description: 'user2@contoso.com performed activity from Brazil, a country not seen for any user in the last 180 days.',
        severity: 'low',
        firstActivity: away,
        lastActivity: clock.after(away, { m: 34 }),
        created: clock.after(away, { m: 40 }),
        lastUpdate: clock.after(away, { m: 40 }),
        investigationState: 'unsupportedAlertType',
        evidence: (ev) => [
          ev.user(USERS.user2, { verdict: 'suspicious', roles: ['compromised'] }),
          ev.ip(EXTERNAL_IPS.travelAway, { verdict: 'suspicious', roles: ['source'] }),
          ev.cloudApplication(OFFICE_365, { roles: ['contextual'] }),
        ],
      },
    ],
  });

  const oauth = buildIncident({
    id: INCIDENT_IDS.oauthConsent,
    displayName: 'Suspicious OAuth app activity involving one user',
    severity: 'medium',
    status: 'active',
    assignedTo: null,
    lastModifiedBy: null,
    customTags: ['OAuth'],
    alerts: [
      {
        label: 'oauth-credentials-added',
        detector: DETECTORS.oauthCredentials,
        description:
          `A client secret was added to the OAuth app "${MAIL_SYNC_APP.displayName}" from ` +
          `${EXTERNAL_IPS.travelAway.ipAddress}; user2@contoso.com granted the app Mail.ReadWrite and offline_access.`,
        severity: 'medium',
        firstActivity: credentialAdded,
        lastActivity: credentialAdded,
        created: clock.after(credentialAdded, { m: 16 }),
        lastUpdate: clock.after(credentialAdded, { m: 16 }),
        investigationState: 'unsupportedAlertType',
        evidence: (ev) => [
          ev.oauthApplication(MAIL_SYNC_APP, { verdict: 'suspicious', roles: ['contextual'] }),
          ev.user(USERS.user2, { verdict: 'suspicious', roles: ['compromised'] }),
          ev.ip(EXTERNAL_IPS.travelAway, { verdict: 'suspicious', roles: ['source'] }),
          ev.cloudApplication(OFFICE_365, { roles: ['contextual'] }),
        ],
      },
      {
        label: 'oauth-misleading-publisher',
        detector: DETECTORS.oauthMisleading,
        description:
          `The OAuth app "${MAIL_SYNC_APP.displayName}" declares the publisher "${MAIL_SYNC_APP.publisher}", ` +
          'which imitates a well-known publisher and is not verified.',
        severity: 'low',
        firstActivity: clock.before(credentialAdded, { h: 20 }),
        lastActivity: credentialAdded,
        created: clock.after(credentialAdded, { m: 22 }),
        lastUpdate: clock.after(credentialAdded, { m: 22 }),
        investigationState: 'unsupportedAlertType',
        evidence: (ev) => [
          ev.oauthApplication(MAIL_SYNC_APP, { verdict: 'suspicious', roles: ['policyViolator'] }),
          ev.user(USERS.user2, { roles: ['contextual'] }),
        ],
      },
    ],
  });

  return mergeStories([travel, oauth]);
}
