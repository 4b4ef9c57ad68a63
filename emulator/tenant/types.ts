import type { GraphAlert, GraphIncident, MachineAction, MdeFile, MdeIndicator, MdeMachine } from '../../src/defender/types';

/** A row of an advanced-hunting table: column name -> value (Date-valued columns are ISO strings). */
export type TableRow = Record<string, unknown>;

export interface HuntingTable {
  /** Column names and their hunting types ("DateTime", "String", "Int32", "Int64", "Boolean", "Double", "Object"). */
  columns: { name: string; type: string }[];
  rows: TableRow[];
}

/**
 * The emulated tenant: Microsoft-shaped records the emulator's routes serve, and the hunting tables
 * runHuntingQuery reads. Everything is plain data so the routes can mutate it (machine actions, indicators).
 */
export interface DemoTenant {
  tenantId: string;
  /** Incidents without the `alerts` navigation property (the route expands it from `alerts` by incidentId). */
  incidents: GraphIncident[];
  /** Graph alerts_v2 records with inline evidence. */
  alerts: GraphAlert[];
  machines: MdeMachine[];
  /** Historic machine actions; the emulator appends new ones. */
  machineActions: MachineAction[];
  /** File profiles known to Defender (files/{sha1|sha256|md5}). */
  files: MdeFile[];
  indicators: MdeIndicator[];
  /** Advanced-hunting tables by name (AlertInfo, AlertEvidence, DeviceInfo, DeviceNetworkInfo, DeviceNetworkEvents,
   *  DeviceFileEvents, EmailEvents, EmailUrlInfo, EmailAttachmentInfo, EmailPostDeliveryEvents, IdentityLogonEvents). */
  tables: Record<string, HuntingTable>;
  /** Entra groups (id -> member object ids), for checkMemberGroups. */
  groups: Record<string, { displayName: string; members: string[] }>;
}
