import type { MdeIndicator } from '../../src/defender/types';
import { FILES } from './hashes';
import { INCIDENT_IDS, SOC_APP } from './ids';
import { C2_DOMAIN, EXTERNAL_IPS } from './network';
import type { Clock } from './time';

/** Custom indicators already in the tenant when the demo starts. */
export function buildIndicators(clock: Clock): MdeIndicator[] {
  const domainCreated = clock.ago({ d: 4, h: 3, m: 58 });
  const ipCreated = clock.ago({ d: 4, h: 3, m: 55 });
  const hashCreated = clock.ago({ d: 3, h: 1, m: 40 });
  return [
    {
      id: '994',
      indicatorValue: C2_DOMAIN,
      indicatorType: 'DomainName',
      action: 'Block',
      application: null,
      source: 'alex.analyst@contoso.com',
      sourceType: 'User',
      createdBy: 'alex.analyst@contoso.com',
      createdBySource: 'Portal',
      lastUpdatedBy: null,
      creationTimeDateTimeUtc: domainCreated,
      expirationTime: null,
      lastUpdateTime: domainCreated,
      severity: 'High',
      title: `Cobalt Strike C2 domain (incident ${INCIDENT_IDS.invoiceMalware})`,
      description: 'C2 domain contacted by payload.exe dropped by invoice.js.',
      recommendedActions: 'Isolate any device that resolves this domain.',
      rbacGroupNames: [],
      rbacGroupIds: [],
      generateAlert: true,
      externalID: null,
    },
    {
      id: '995',
      indicatorValue: EXTERNAL_IPS.c2.ipAddress,
      indicatorType: 'IpAddress',
      action: 'Alert',
      application: null,
      source: 'alex.analyst@contoso.com',
      sourceType: 'User',
      createdBy: 'alex.analyst@contoso.com',
      createdBySource: 'Portal',
      lastUpdatedBy: null,
      creationTimeDateTimeUtc: ipCreated,
      expirationTime: clock.after(ipCreated, { d: 30 }),
      lastUpdateTime: ipCreated,
      severity: 'Medium',
      title: `Cobalt Strike C2 address (incident ${INCIDENT_IDS.invoiceMalware})`,
      description: 'IP address behind c2.badcdn.example.org; alert only while the domain block is evaluated.',
      recommendedActions: null,
      rbacGroupNames: [],
      rbacGroupIds: [],
      generateAlert: true,
      externalID: null,
    },
    {
      id: '996',
      indicatorValue: FILES.ransomware.sha256,
      indicatorType: 'FileSha256',
      action: 'BlockAndRemediate',
      application: null,
      source: SOC_APP.requestor,
      sourceType: 'AadApp',
      createdBy: SOC_APP.appId,
      createdBySource: 'PublicApi',
      lastUpdatedBy: null,
      creationTimeDateTimeUtc: hashCreated,
      expirationTime: null,
      lastUpdateTime: hashCreated,
      severity: 'High',
      title: `LockBit binary svcupdate.exe (incident ${INCIDENT_IDS.ransomware})`,
      description: 'Ransomware binary that ran on srv-fin-01 and was prevented on srv-file-02.',
      recommendedActions: 'Restore affected files from backup.',
      rbacGroupNames: [],
      rbacGroupIds: [],
      generateAlert: true,
      externalID: `INC-${INCIDENT_IDS.ransomware}`,
    },
  ];
}
