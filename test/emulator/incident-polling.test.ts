import { ALL_GRAPH_ROLES, demoApp } from '../../emulator/apps';
import { INCIDENT_IDS } from '../../emulator/tenant/ids';
import { graphOp } from '../../src/defender/http/operation';
import type { GraphIncident } from '../../src/defender/types';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';
import { raw } from './support/raw-https';

// What a poller of GET /v1.0/security/incidents relies on: $filter on lastUpdateDateTime with $top and
// @odata.nextLink, an order that holds while incidents change, and no $orderby (Graph does not document one).

const WRITE = 'SecurityIncident.ReadWrite.All';
const UPDATE = graphOp('update incident', [WRITE]);
const COMMENT = graphOp('comment on incident', [WRITE]);

describe('polling incidents from the emulator while they change', () => {
  let h: EmulatorHarness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness({ apps: [{ ...demoApp(), graphRoles: [...ALL_GRAPH_ROLES, WRITE] }] });
    token = (await h.defender.credential.getToken(h.defender.endpoints.graphScope))!.token;
  });
  afterAll(() => h.close());

  const incidents = () => h.emulator.context.tenant.incidents;
  /** Just after every stamp the tenant has now. */
  const watermark = () =>
    new Date(Math.max(...[...incidents(), ...h.emulator.context.tenant.alerts].map((r) => Date.parse(r.lastUpdateDateTime))) + 1).toISOString();

  /** Every page of a listing, following @odata.nextLink; `between` runs after the first page. */
  async function pages(path: string, between: () => Promise<void> = async () => {}): Promise<GraphIncident[][]> {
    const out: GraphIncident[][] = [];
    let next: string | undefined = path;
    while (next) {
      const answer = await raw(h.emulator, 'GET', next.replace(h.emulator.url, ''), { token });
      expect(answer.status).toBe(200);
      out.push(answer.body.value as GraphIncident[]);
      next = answer.body['@odata.nextLink'] as string | undefined;
      if (out.length === 1) await between();
    }
    return out;
  }

  it('refuses $orderby, which the list page does not offer, in Graph error shape', async () => {
    for (const orderby of ['lastUpdateDateTime desc', 'createdDateTime', 'id']) {
      const answer = await raw(h.emulator, 'GET', `/v1.0/security/incidents?$orderby=${encodeURIComponent(orderby)}`, { token });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: {
          code: 'BadRequest',
          message: "Query option 'OrderBy' is not allowed. To allow it, set the 'AllowedQueryOptions' property on ODataValidationSettings.",
          innerError: { date: expect.any(String), 'request-id': expect.any(String), 'client-request-id': 'test-client-request' },
        },
      });
    }
  });

  it('lists newest first in one total order, the same on every call', async () => {
    const first = (await pages('/v1.0/security/incidents?$top=7')).flat();
    const second = (await pages('/v1.0/security/incidents?$top=50')).flat();
    expect(first.map((i) => i.id)).toEqual(second.map((i) => i.id));
    expect(first).toHaveLength(incidents().length);
    for (let n = 1; n < first.length; n++) {
      const [a, b] = [first[n - 1]!, first[n]!];
      const order = Date.parse(a.createdDateTime) - Date.parse(b.createdDateTime) || Number(a.id) - Number(b.id);
      expect(order).toBeGreaterThan(0);
    }
  });

  it('takes the poller\'s filter "lastUpdateDateTime ge <instant>" and finds exactly what changed since', async () => {
    // The literal as a poller writes it: unquoted, with or without a fraction.
    expect(
      (await raw(h.emulator, 'GET', `/v1.0/security/incidents?$filter=${encodeURIComponent('lastUpdateDateTime ge 2026-12-07T10:00:00Z')}&$top=50`, { token }))
        .status,
    ).toBe(200);

    const since = watermark();
    const changedSince = async () => (await h.defender.graph.listIncidents({ filter: `lastUpdateDateTime ge ${since}`, top: 2 })).items.map((i) => i.id).sort();
    expect(await changedSince()).toEqual([]);

    await h.defender.http.send(UPDATE, 'PATCH', `/security/incidents/${INCIDENT_IDS.cve}`, { body: { status: 'inProgress' } });
    await h.defender.http.send(COMMENT, 'POST', `/security/incidents/${INCIDENT_IDS.phishing}/comments`, { body: { comment: 'Checked.' } });
    const raised = h.emulator.raiseIncident();
    h.emulator.changeIncident(INCIDENT_IDS.oauthConsent, { addAlert: true });
    expect(await changedSince()).toEqual([INCIDENT_IDS.cve, INCIDENT_IDS.phishing, raised.id, INCIDENT_IDS.oauthConsent].sort());

    // The next poll, from the newest stamp it saw, finds that one again ("ge") and nothing else until the next change.
    const newest = incidents().reduce((a, b) => (Date.parse(a.lastUpdateDateTime) >= Date.parse(b.lastUpdateDateTime) ? a : b));
    const again = await h.defender.graph.listIncidents({ filter: `lastUpdateDateTime ge ${newest.lastUpdateDateTime}` });
    expect(again.items.map((i) => i.id)).toEqual([newest.id]);
    // Alerts carry the stamps of their incident's changes too.
    const alerts = await h.defender.graph.listAlerts({ filter: `lastUpdateDateTime ge ${since}` });
    expect(new Set(alerts.items.map((a) => a.incidentId))).toEqual(new Set([INCIDENT_IDS.cve, raised.id, INCIDENT_IDS.oauthConsent]));
  });

  it('pages through without missing an incident while new ones arrive and others change', async () => {
    const before = incidents().map((i) => i.id);
    const later = before[before.length - 1]!;
    let raisedIds: string[] = [];
    const seen = (
      await pages('/v1.0/security/incidents?$top=5', async () => {
        raisedIds = [h.emulator.raiseIncident().id, h.emulator.raiseIncident().id];
        await h.defender.http.send(UPDATE, 'PATCH', `/security/incidents/${later}`, { body: { assignedTo: 'sam.soc@contoso.com' } });
      })
    ).flat();
    const ids = seen.map((i) => i.id);
    // Every incident there was when paging began is seen; the two raised meanwhile push two back onto the next page,
    // so two are seen twice, and the new ones (on top, behind the reader) are left for the next poll.
    expect(before.filter((id) => !ids.includes(id))).toEqual([]);
    expect(ids.length - new Set(ids).size).toBe(2);
    expect(raisedIds.some((id) => ids.includes(id))).toBe(false);
    // The one changed while paging is served as it is now.
    expect(seen.filter((i) => i.id === later).every((i) => i.assignedTo === 'sam.soc@contoso.com')).toBe(true);
  });

  it('pages a lastUpdateDateTime filter while matching incidents keep changing, and misses none of them', async () => {
    const since = watermark();
    const touched: string[] = [];
    for (const id of incidents()
      .slice(0, 6)
      .map((i) => i.id)) {
      h.emulator.changeIncident(id, { severity: 'medium' });
      touched.push(id);
    }
    const seen = (
      await pages(`/v1.0/security/incidents?$filter=${encodeURIComponent(`lastUpdateDateTime ge ${since}`)}&$top=2`, async () => {
        // Changed again while the poller is on page 1: still matched, still where it was in the order.
        for (const id of touched) h.emulator.changeIncident(id, { severity: 'high' });
      })
    ).flat();
    expect(new Set(seen.map((i) => i.id))).toEqual(new Set(touched));
    expect(seen).toHaveLength(touched.length);
  });
});
