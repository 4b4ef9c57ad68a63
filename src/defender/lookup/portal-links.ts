/** Deep links into the Defender portal of the configured cloud, always with the tenant id. */
export class PortalLinks {
  constructor(
    private readonly portalUrl: string,
    private readonly tenantId: string,
  ) {}

  private link(path: string): string {
    return `${this.portalUrl}${path}${path.includes('?') ? '&' : '?'}tid=${encodeURIComponent(this.tenantId)}`;
  }

  incident(id: string): string {
    return this.link(`/incidents/${encodeURIComponent(id)}`);
  }

  alert(id: string): string {
    return this.link(`/alerts/${encodeURIComponent(id)}`);
  }

  device(id: string): string {
    return this.link(`/machines/v2/${encodeURIComponent(id)}/overview`);
  }

  file(hash: string): string {
    return this.link(`/file/${encodeURIComponent(hash)}/overview`);
  }

  ip(ip: string): string {
    return this.link(`/ip/${encodeURIComponent(ip)}/overview`);
  }

  domain(domain: string): string {
    return this.link(`/url/${encodeURIComponent(domain)}/overview`);
  }

  url(url: string): string {
    return this.link(`/url/${encodeURIComponent(url)}/overview`);
  }

  email(networkMessageId: string, recipient: string | null): string {
    const recipientPart = recipient ? `&recipient=${encodeURIComponent(recipient)}` : '';
    return this.link(`/emailentity?f=summary&id=${encodeURIComponent(networkMessageId)}${recipientPart}`);
  }

  user(upn: string): string {
    return this.link(`/user?upn=${encodeURIComponent(upn)}`);
  }
}
