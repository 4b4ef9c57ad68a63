import type { Endpoints } from '../../../src/config/schema';
import { errorFromResponse } from '../../../src/defender/http/error-mapping';
import { mdeOp } from '../../../src/defender/http/operation';

const endpoints: Endpoints = {
  cloud: 'commercial',
  authorityHost: 'https://login.microsoftonline.com',
  graphUrl: 'https://graph.microsoft.com',
  apiUrl: 'https://api.securitycenter.microsoft.com',
  portalUrl: 'https://security.microsoft.com',
  graphScope: 'https://graph.microsoft.com/.default',
  apiScope: 'https://api.securitycenter.microsoft.com/.default',
  microsoftAuthority: true,
};

function forbidden(message: string) {
  return { status: 403, bodyAsText: JSON.stringify({ error: { code: 'Forbidden', message } }), headers: { get: () => undefined } };
}

describe('403 mapping compares permission names as Microsoft does (case-insensitively)', () => {
  it('does not call a permission missing when the token holds it in another spelling (Url.Read.All)', () => {
    const op = mdeOp('get domain statistics', 'domains', ['URL.Read.All']);
    // The service names URL.Read.All; the token carries Url.Read.All: only Ip.Read.All is missing.
    const partly = errorFromResponse(
      op,
      forbidden('The application does not have any of the required application permissions (Ip.Read.All, URL.Read.All) to access the resource.'),
      endpoints,
      ['Url.Read.All'],
    );
    expect(partly.details.missingPermissions).toEqual(['Ip.Read.All']);
    expect(partly.message).toContain('Grant the WindowsDefenderATP application permission Ip.Read.All');
  });
});
