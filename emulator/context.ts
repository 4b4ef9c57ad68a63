import type { CloudName } from '../src/config/clouds';
import type { MachineActionStatus } from '../src/defender/types';
import type { EmulatorApp } from './apps';
import type { EmulatorRequest, EmulatorResponse } from './http-kit';
import type { UpdateStamps } from './incidents/update-stamps';
import type { TokenClaims, TokenSigner } from './jwt';
import type { DemoTenant } from './tenant/types';

export interface ActionTimeline {
  /** How long a new machine action stays Pending. */
  pendingMs: number;
  /** Then how long InProgress before reaching its outcome. */
  inProgressMs: number;
  outcome: Extract<MachineActionStatus, 'Succeeded' | 'Failed' | 'TimeOut'>;
}

/** What every route handler can read and change. */
export interface EmulatorContext {
  tenant: DemoTenant;
  /** The tenant's short name (the directory name in Entra's errors). */
  tenantName: string;
  /** Names the token endpoint also takes for this tenant instead of its id (e.g. contoso.onmicrosoft.com). */
  domains: string[];
  /** Any tenant of this emulator by id or domain (case-insensitive), for the per-tenant token endpoint. */
  directory(idOrDomain: string): EmulatorContext | undefined;
  cloud: CloudName;
  baseUrl: string;
  apps: Map<string, EmulatorApp>;
  signer: TokenSigner;
  now(): Date;
  timeline: ActionTimeline;
  /** Per machine id, an outcome that overrides the timeline's (e.g. a device that always fails). */
  outcomeOverrides: Map<string, ActionTimeline['outcome']>;
  audiences: { graph: string; mde: string };
  /**
   * Hunting tables this tenant has no licence for (e.g. the e-mail tables without Defender for Office 365): Defender
   * refuses any query that names one, as it does for an unknown table.
   */
  missingTables: Set<string>;
  /** lastUpdateDateTime of every change to an incident or alert: strictly increasing (incidents/update-stamps.ts). */
  stamps: UpdateStamps;
}

export type RouteApi = 'identity' | 'graph' | 'mde' | 'control';

export interface Route {
  /** Stable id used by fault rules and statistics, e.g. 'graph.incidents', 'mde.isolate'. */
  id: string;
  method: string;
  pattern: RegExp;
  api: RouteApi;
  /** Rate-limit bucket (Microsoft's limits are per endpoint family). */
  bucket?: string;
  /** Application roles of which any one allows the call. */
  permissions?: string[];
  handler(req: EmulatorRequest, ctx: EmulatorContext, caller: TokenClaims | undefined): EmulatorResponse | Promise<EmulatorResponse>;
}
