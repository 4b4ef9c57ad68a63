import type { DemoDevice } from '../machines';
import { stableInt } from '../prng';
import { T } from '../timeline';
import type { Clock } from '../time';
import type { TableRow } from '../types';
import { NT_DOMAIN, USERS } from '../users';
import { row } from './columns';

const RETENTION_MS = 30 * 86_400_000;
const SNAPSHOTS = 4;

function dashedMac(mac: string): string {
  return (mac.match(/../g) ?? []).join('-').toUpperCase();
}

function osVersion(device: DemoDevice): string {
  const m = device.machine;
  return m.osPlatform.startsWith('Windows') ? '10.0' : (m.version ?? '');
}

/**
 * Snapshot times: the latest equals the machine's lastSeen (so `arg_max(Timestamp, *)` matches the MDE record),
 * earlier ones roughly a day apart; anything outside the 30-day hunting window is dropped.
 */
function snapshotTimes(device: DemoDevice, clock: Clock): string[] {
  const last = Date.parse(device.machine.lastSeen);
  const first = Date.parse(device.machine.firstSeen);
  const floor = clock.now.getTime() - RETENTION_MS;
  const times: string[] = [];
  for (let i = 0; i < SNAPSHOTS; i++) {
    const jitter = i === 0 ? 0 : stableInt(`snapshot:${device.profile.key}:${i}`, 3 * 3_600_000);
    const t = last - i * 86_400_000 - jitter;
    if (t < floor || t < first) break;
    times.push(new Date(t).toISOString());
  }
  return times;
}

/** DeviceInfo and DeviceNetworkInfo are derived from the machines so hunting and the MDE API agree. */
export function deriveDeviceTables(devices: readonly DemoDevice[], clock: Clock): { DeviceInfo: TableRow[]; DeviceNetworkInfo: TableRow[] } {
  const deviceInfo: TableRow[] = [];
  const networkInfo: TableRow[] = [];
  let reportId = 40_112;
  const isolatedAt = Date.parse(clock.ago(T.isolateSrvFin01));

  for (const device of devices) {
    const m = device.machine;
    const p = device.profile;
    const loggedOn = p.loggedOnUsers.map((key) => ({
      UserName: USERS[key].accountName,
      DomainName: NT_DOMAIN,
      Sid: USERS[key].sid,
    }));
    const adapter = m.ipAddresses.find((a) => a.macAddress !== null);
    for (const timestamp of snapshotTimes(device, clock)) {
      deviceInfo.push(
        row('DeviceInfo', {
          Timestamp: timestamp,
          DeviceId: m.id,
          DeviceName: m.computerDnsName,
          ClientVersion: m.agentVersion,
          PublicIP: m.lastExternalIpAddress,
          OSArchitecture: m.osArchitecture,
          OSPlatform: m.osPlatform,
          OSBuild: m.osBuild,
          IsAzureADJoined: m.isAadJoined,
          JoinType: p.joinType,
          AadDeviceId: m.aadDeviceId,
          LoggedOnUsers: JSON.stringify(loggedOn),
          OSVersion: osVersion(device),
          MachineGroup: m.rbacGroupName,
          ReportId: reportId++,
          OnboardingStatus: m.onboardingStatus,
          DeviceCategory: 'Endpoint',
          DeviceType: p.deviceType,
          Model: p.model,
          Vendor: p.vendor,
          OSDistribution: p.osDistribution,
          OSVersionInfo: p.osVersionInfo,
          IsInternetFacing: p.isInternetFacing,
          SensorHealthState: m.healthStatus,
          IsExcluded: m.isExcluded,
          ExclusionReason: m.exclusionReason,
          ExposureLevel: m.exposureLevel,
          AssetValue: m.deviceValue,
          DeviceManualTags: JSON.stringify(m.machineTags),
          DeviceDynamicTags: '[]',
          ConnectivityType: 'Standard',
        }),
      );
      if (!adapter?.macAddress) continue;
      const windows = m.osPlatform.startsWith('Windows');
      const isolated = p.key === 'srvFin01' && Date.parse(timestamp) > isolatedAt;
      networkInfo.push(
        row('DeviceNetworkInfo', {
          Timestamp: timestamp,
          DeviceId: m.id,
          DeviceName: m.computerDnsName,
          MacAddress: dashedMac(adapter.macAddress),
          // JSON text: the schema types IPAddresses (and ConnectedNetworks) as string.
          IPAddresses: JSON.stringify(
            m.ipAddresses
              .filter((a) => a.macAddress === adapter.macAddress)
              .map((a) => ({
                IPAddress: a.ipAddress,
                SubnetPrefix: a.ipAddress.includes(':') ? 64 : 24,
                AddressType: a.ipAddress.startsWith('fe80:') ? 'LinkLocal' : 'Private',
              })),
          ),
          NetworkAdapterType: p.adapterType,
          NetworkAdapterStatus: 'Up',
          ConnectedNetworks: JSON.stringify(
            windows ? [{ Name: 'contoso.com', Description: 'contoso.com', IsConnectedToInternet: !isolated, Category: 'Domain' }] : [],
          ),
          ReportId: reportId++,
        }),
      );
    }
  }
  return { DeviceInfo: deviceInfo, DeviceNetworkInfo: networkInfo };
}
