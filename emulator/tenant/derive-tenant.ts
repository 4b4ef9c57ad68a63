import { DEMO_TENANT_ID } from './ids';
import { stableGuid, stableHex, stableInt } from './prng';
import type { DemoTenant } from './types';

/**
 * Another organisation's tenant made from the demo tenant: the same kind of week in the SOC, but every value that
 * identifies the organisation or its evidence is its own. Renamed: tenant id, "contoso" (domains, UPNs, NetBIOS
 * names), device names and MDE device ids, alert and incident ids, file hashes (SHA-1, SHA-256, MD5 and other hex
 * ids), and the external (documentation-range) IP addresses. What stays: Microsoft's own addresses (13.107.x, ...),
 * private 10.x addresses (customers of one MSSP overlap there as in life), users' object ids, the story's shape.
 * `keep` lists values the derived tenant shares with the demo tenant (a fixed overlap for demos and tests).
 */
export interface DerivationSpec {
  tenantId: string;
  /** The organisation's short name: "fabrikam" -> fabrikam.com, FABRIKAM\user, Fabrikam. */
  name: string;
  /** Different seeds give different device numbers, ids, hashes and addresses. */
  seed: string;
  keep?: readonly string[];
  /** Addresses no derived tenant may have (e.g. an indicator that must be seen nowhere). */
  reserved?: readonly string[];
}

const DOC_V4 = /^(198\.51\.100|203\.0\.113|192\.0\.2)\.\d{1,3}$/;
const HEX = /^[0-9a-fA-F]+$/;

/** The substitution of one derived tenant; apply() also renames what live incidents add later. */
export class TenantRewrite {
  private readonly exact = new Map<string, string>();
  private readonly pattern: RegExp;
  private readonly incidentOffset: number;

  constructor(
    base: DemoTenant,
    private readonly spec: DerivationSpec,
  ) {
    const keep = new Set((spec.keep ?? []).map((v) => v.toLowerCase()));
    const slug = spec.name.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'tenant';
    const title = slug.charAt(0).toUpperCase() + slug.slice(1);
    this.exact.set(DEMO_TENANT_ID, spec.tenantId);
    this.exact.set('contoso', slug).set('Contoso', title).set('CONTOSO', slug.toUpperCase());

    const text = JSON.stringify(base);
    this.renameHosts(base);
    this.incidentOffset = 1000 * (1 + stableInt(`incidents:${spec.seed}`, 900));
    for (const incident of base.incidents) if (/^\d+$/.test(incident.id)) this.exact.set(incident.id, String(Number(incident.id) + this.incidentOffset));
    for (const alert of base.alerts) this.exact.set(alert.id, this.alertId(alert.id));

    // External addresses: each moves to another documentation address this tenant alone has (avoiding every address of
    // the demo tenant, so an address of the demo tenant is in a derived one only when kept).
    const seen = new Set(text.match(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g) ?? []);
    const taken = new Set([...seen, ...(spec.reserved ?? [])]);
    for (const ip of [...seen].sort()) {
      if (!DOC_V4.test(ip) || keep.has(ip)) continue;
      const prefix = ip.slice(0, ip.lastIndexOf('.'));
      let n = 1 + stableInt(`ip:${spec.seed}:${ip}`, 254);
      while (taken.has(`${prefix}.${n}`)) n = (n % 254) + 1;
      taken.add(`${prefix}.${n}`);
      this.exact.set(ip, `${prefix}.${n}`);
    }
    for (const ip of new Set(text.match(/2001:db8:[0-9a-f:]*[0-9a-f]/g) ?? [])) {
      if (!keep.has(ip))
        this.exact.set(ip, `2001:db8:${stableHex(`ip6:${spec.seed}:${ip}`, 32).slice(0, 4)}::${stableInt(`ip6n:${spec.seed}:${ip}`, 250) + 5}`);
    }
    // Hex tokens (hashes, 40-hex device ids, URN suffixes): renamed by the seed unless kept, case preserved.
    for (const token of new Set(text.match(/(?<![0-9A-Za-z])([0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9A-Za-z])/g) ?? [])) {
      if (keep.has(token.toLowerCase()) || !HEX.test(token)) continue;
      const derived = stableHex(`hex:${spec.seed}:${token.toLowerCase()}`, token.length as 32 | 40 | 64);
      this.exact.set(token, token === token.toUpperCase() && /[A-F]/.test(token) ? derived.toUpperCase() : derived);
    }
    const alternatives = [...this.exact.keys()].sort((a, b) => b.length - a.length).map(escape);
    // Whole tokens only: '48215' in '148215' or 'ws-042' in 'ws-0421' is another value.
    this.pattern = new RegExp(`(?<![0-9A-Za-z])(?!(?<=\\d\\.)\\d)(?:${alternatives.join('|')})(?![0-9A-Za-z]|\\.\\d)`, 'g');
  }

  /** A deep copy of `value` with the tenant's names; values not of the demo tenant pass unchanged. */
  apply<T>(value: T): T {
    return JSON.parse(JSON.stringify(value).replace(this.pattern, (m) => this.exact.get(m) ?? m)) as T;
  }

  /** The derived name of one value (a device id, a hash, an address) of the demo tenant. */
  map(value: string): string {
    return this.exact.get(value) ?? value;
  }

  /** Device names keep their role and get the tenant's own numbers: ws-042 -> ws-318, srv-fin-01 -> srv-fin-27. */
  private renameHosts(base: DemoTenant): void {
    const shorts = base.machines.map((m) => m.computerDnsName.split('.')[0]!);
    // A new name is never one of the demo tenant's, so renaming twice (live incidents) changes nothing.
    const used = new Set(shorts);
    for (const short of shorts) {
      const m = /^(.*-)(\d+)$/.exec(short);
      if (!m) continue;
      const width = m[2]!.length;
      const name = (n: number) => `${m[1]}${String(n).padStart(width, '0')}`;
      let n = stableInt(`host:${this.spec.seed}:${short}`, 10 ** width - 1) + 1;
      while (used.has(name(n))) n = (n % (10 ** width - 1)) + 1;
      used.add(name(n));
      this.exact.set(short, name(n));
    }
  }

  private alertId(id: string): string {
    // MDE alert ids: da<ticks>_<int>; other products: a two-letter prefix and a GUID (tenant/ids.ts).
    const mde = /^da(\d+)_(-?\d+)$/.exec(id);
    if (mde) return `da${mde[1]!.slice(0, 3)}${String(stableInt(`ticks:${this.spec.seed}:${id}`, 1e15)).padStart(mde[1]!.length - 3, '0')}_${mde[2]}`;
    return `${id.slice(0, 2)}${stableGuid(`alert:${this.spec.seed}:${id}`)}`;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The demo tenant as another organisation sees it (see TenantRewrite); `base` is not changed. */
export function deriveTenant(base: DemoTenant, spec: DerivationSpec): { tenant: DemoTenant; rewrite: TenantRewrite } {
  const rewrite = new TenantRewrite(base, spec);
  const tenant = rewrite.apply(base);
  tenant.tenantId = spec.tenantId;
  return { tenant, rewrite };
}
