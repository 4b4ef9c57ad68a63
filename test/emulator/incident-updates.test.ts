import { ALL_GRAPH_ROLES, demoApp, type EmulatorApp } from '../../emulator/apps';
import { MAX_COMMENT_LENGTH } from '../../emulator/incidents/incident-comments';
import { INCIDENT_IDS } from '../../emulator/tenant/ids';
import { loadConfig } from '../../src/config/load';
import { connectDefender } from '../../src/defender/connect';
import { graphOp } from '../../src/defender/http/operation';
import type { GraphComment, GraphIncident } from '../../src/defender/types';
import { caught } from '../helpers/caught';
import { startHarness, type EmulatorHarness } from '../helpers/emulator-harness';
import { raw } from './support/raw-https';

// PATCH /v1.0/security/incidents/{id} and POST /v1.0/security/incidents/{id}/comments against the emulator, through
// the bot's own pipeline (@azure/identity, HTTPS, typed errors) or, where Graph's exact answer is the point, a plain
// HTTPS request with a token from the same credential.

const WRITE = 'SecurityIncident.ReadWrite.All';
const WRITER: EmulatorApp = { ...demoApp(), displayName: 'Contoso SOC Triage', graphRoles: [...ALL_GRAPH_ROLES, WRITE] };
const READER: EmulatorApp = {
  clientId: '5d7e9f10-2a3b-4c4d-8e5f-6a7b8c9d0e1f',
  displayName: 'Contoso SOC Reader',
  secret: 'reader-secret-not-real',
  graphRoles: ['SecurityIncident.Read.All'],
  mdeRoles: [],
};
const UPDATE = graphOp('update incident', [WRITE]);
const COMMENT = graphOp('comment on incident', [WRITE]);

describe('changing incidents in the emulator as Graph security v1.0 does', () => {
  let h: EmulatorHarness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness({ apps: [WRITER, READER] });
    token = (await h.defender.credential.getToken(h.defender.endpoints.graphScope))!.token;
  });
  afterAll(() => h.close());

  const incident = (id: string) => h.emulator.context.tenant.incidents.find((i) => i.id === id)!;
  const alertsOf = (id: string) => h.emulator.context.tenant.alerts.filter((a) => a.incidentId === id);
  const patch = (id: string, body: unknown) =>
    h.defender.http.send<GraphIncident & { '@odata.context': string }>(UPDATE, 'PATCH', `/security/incidents/${id}`, { body });
  const comment = (id: string, body: unknown) =>
    h.defender.http.send<{ '@odata.context': string; value: GraphComment[] }>(COMMENT, 'POST', `/security/incidents/${id}/comments`, { body });

  it('updates what the update page lists, answers 200 with the incident, and stamps lastUpdateDateTime and lastModifiedBy', async () => {
    const id = INCIDENT_IDS.cve;
    const before = structuredClone(incident(id));
    const { status, body } = await patch(id, {
      // Enum members in any case, as the documentation's own example sends them ("TruePositive").
      status: 'Resolved',
      classification: 'TRUEPOSITIVE',
      determination: 'MultiStagedAttack',
      assignedTo: 'alex.analyst@contoso.com',
      customTags: ['Triage', 'CVE-2024-3400'],
      resolvingComment: 'Gateway patched; session was the scanner.',
      severity: 'High',
    });
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(`${h.emulator.url}/v1.0/$metadata#security/incidents/$entity`);
    // Stored and answered in Microsoft's spelling.
    expect(body).toMatchObject({
      id,
      status: 'resolved',
      classification: 'truePositive',
      determination: 'multiStagedAttack',
      severity: 'high',
      assignedTo: 'alex.analyst@contoso.com',
      customTags: ['Triage', 'CVE-2024-3400'],
      resolvingComment: 'Gateway patched; session was the scanner.',
      lastModifiedBy: 'API-App:Contoso SOC Triage',
      displayName: before.displayName,
      createdDateTime: before.createdDateTime,
    });
    expect(Date.parse(body.lastUpdateDateTime)).toBeGreaterThan(Date.parse(before.lastUpdateDateTime));
    // Graph writes fractions without trailing zeros.
    expect(body.lastUpdateDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);

    const read = await h.defender.graph.getIncident(id);
    expect(read).toMatchObject({ status: 'resolved', lastUpdateDateTime: body.lastUpdateDateTime });
    // Its alerts follow: owner, classification, resolution, and the same stamp.
    for (const alert of read.alerts!) {
      expect(alert).toMatchObject({
        status: 'resolved',
        assignedTo: 'alex.analyst@contoso.com',
        classification: 'truePositive',
        determination: 'multiStagedAttack',
        resolvedDateTime: body.lastUpdateDateTime,
        lastUpdateDateTime: body.lastUpdateDateTime,
      });
    }
  });

  it('replaces the whole customTags list, and an empty body still stamps the incident', async () => {
    const id = INCIDENT_IDS.oauthConsent;
    expect(incident(id).customTags).toEqual(['OAuth']);
    const first = await patch(id, { customTags: ['Reviewed'] });
    expect(first.body.customTags).toEqual(['Reviewed']);
    const cleared = await patch(id, { customTags: [] });
    expect(cleared.body.customTags).toEqual([]);
    const none = await patch(id, {});
    expect(none.status).toBe(200);
    expect(Date.parse(none.body.lastUpdateDateTime)).toBeGreaterThan(Date.parse(cleared.body.lastUpdateDateTime));
  });

  it('classifies without a determination, and clears a classification with its determination', async () => {
    const id = INCIDENT_IDS.passwordSpray;
    expect((await patch(id, { classification: 'informationalExpectedActivity' })).body).toMatchObject({
      classification: 'informationalExpectedActivity',
      determination: 'unknown',
    });
    expect((await patch(id, { determination: 'securityTesting' })).body.determination).toBe('securityTesting');
    expect((await patch(id, { classification: 'unknown', determination: 'unknown' })).body).toMatchObject({
      classification: 'unknown',
      determination: 'unknown',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown status', { status: 'closed' }, "The value 'closed' is not a member of the enumeration 'microsoft.graph.security.incidentStatus'"],
    ['a status only Defender Experts set', { status: 'awaitingAction' }, "The status 'awaitingAction' cannot be set"],
    ['a status only Defender sets (merging)', { status: 'redirected' }, "The status 'redirected' cannot be set"],
    ['the enum sentinel', { severity: 'unknownFutureValue' }, "The severity 'unknownFutureValue' cannot be set"],
    [
      'an unknown classification',
      { classification: 'benignPositive' },
      "'benignPositive' is not a member of the enumeration 'microsoft.graph.security.alertClassification'",
    ],
    // The v1.0 schema renamed compromisedUser to compromisedAccount (and clean, insufficientData, confirmedUserActivity).
    [
      'an old determination name',
      { classification: 'truePositive', determination: 'compromisedUser' },
      "'compromisedUser' is not a member of the enumeration 'microsoft.graph.security.alertDetermination'",
    ],
    [
      'a pair the portal does not offer',
      { classification: 'falsePositive', determination: 'malware' },
      "The determination 'malware' is not valid for the classification 'falsePositive'",
    ],
    [
      'a deprecated determination',
      { classification: 'truePositive', determination: 'apt' },
      "The determination 'apt' is not valid for the classification 'truePositive'",
    ],
    [
      'a read-only property',
      { createdDateTime: '2026-01-01T00:00:00Z' },
      "The property 'createdDateTime' of type 'microsoft.graph.security.incident' cannot be updated",
    ],
    ['lastModifiedBy', { lastModifiedBy: 'someone' }, "The property 'lastModifiedBy' of type 'microsoft.graph.security.incident' cannot be updated"],
    ['a property the type does not have', { owner: 'x' }, "The property 'owner' does not exist on type 'microsoft.graph.security.incident'"],
    ['a property in the wrong case (Graph names are case-sensitive)', { Status: 'active' }, "The property 'Status' does not exist"],
    ['a number for a string', { assignedTo: 42 }, "Cannot convert the number 42 to the expected type 'Edm.String' of property 'assignedTo'"],
    ['a string for a collection', { customTags: 'Triage' }, "to the expected type 'Collection(Edm.String)' of property 'customTags'"],
    ['a number in the collection', { customTags: ['ok', 1] }, "to the expected type 'Collection(Edm.String)' of property 'customTags'"],
    ['null for an enum', { status: null }, "Cannot convert null to the expected type 'microsoft.graph.security.incidentStatus'"],
    ['an empty name', { displayName: '  ' }, "The property 'displayName' cannot be empty"],
    [
      'another resource type',
      { '@odata.type': '#microsoft.graph.security.alert', status: 'active' },
      "a resource of type 'microsoft.graph.security.incident' was expected",
    ],
  ])('refuses %s with 400 BadRequest and changes nothing', async (_what, body, message) => {
    const id = INCIDENT_IDS.cve;
    const before = structuredClone([incident(id), alertsOf(id)]);
    const err = await caught(patch(id, body));
    expect(err.kind).toBe('badRequest');
    expect(err.details).toMatchObject({ status: 400, code: 'BadRequest' });
    expect(err.details.upstreamMessage).toContain(message);
    expect(err.details.requestId).toBeTruthy();
    expect([incident(id), alertsOf(id)]).toEqual(before);
  });

  it('refuses a determination for an incident that is not classified', async () => {
    const id = INCIDENT_IDS.oauthConsent;
    expect(incident(id).classification).toBe('unknown');
    const err = await caught(patch(id, { determination: 'phishing' }));
    expect(err.details.upstreamMessage).toContain("The determination 'phishing' needs a classification");
    expect(incident(id).determination).toBe('unknown');
  });

  it('refuses a body that is not a JSON object, in Graph error shape', async () => {
    for (const body of ['{"status": ', '["status"]', 'null']) {
      const answer = await raw(h.emulator, 'PATCH', `/v1.0/security/incidents/${INCIDENT_IDS.cve}`, { token, body });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: {
          code: 'BadRequest',
          message: expect.stringContaining('Unable to read JSON request payload'),
          innerError: { date: expect.any(String), 'request-id': expect.any(String), 'client-request-id': 'test-client-request' },
        },
      });
    }
  });

  it('answers 404 for an incident it does not have', async () => {
    const err = await caught(patch('99999999', { status: 'resolved' }));
    expect(err.kind).toBe('notFound');
    expect(err.details).toMatchObject({ status: 404, code: 'NotFound' });
    const commented = await caught(comment('99999999', { comment: 'x' }));
    expect(commented.details.status).toBe(404);
  });

  it('refuses a token with SecurityIncident.Read.All only: 403 in Graph shape, naming the one role that may write', async () => {
    const config = loadConfig({ ...h.emulator.environment(READER), LOOKUPS_REQUIRE_ROLE: 'false' });
    const agent = h.emulator.agent();
    const reader = await connectDefender(config, { agent });
    try {
      const readerToken = (await reader.credential.getToken(reader.endpoints.graphScope))!.token;
      // Reading is allowed with Read.All ...
      expect((await raw(h.emulator, 'GET', `/v1.0/security/incidents/${INCIDENT_IDS.cve}`, { token: readerToken })).status).toBe(200);
      // ... changing and commenting are not.
      for (const [method, path, body] of [
        ['PATCH', `/v1.0/security/incidents/${INCIDENT_IDS.cve}`, { status: 'active' }],
        ['POST', `/v1.0/security/incidents/${INCIDENT_IDS.cve}/comments`, { comment: 'no' }],
      ] as const) {
        const answer = await raw(h.emulator, method, path, { token: readerToken, body });
        expect(answer.status).toBe(403);
        expect(answer.body).toEqual({
          error: {
            code: 'Forbidden',
            message: 'Missing application roles. API required roles: SecurityIncident.ReadWrite.All, application roles: SecurityIncident.Read.All.',
            innerError: { date: expect.any(String), 'request-id': expect.any(String), 'client-request-id': 'test-client-request' },
          },
        });
      }
      const err = await caught(reader.http.send(UPDATE, 'PATCH', `/security/incidents/${INCIDENT_IDS.cve}`, { body: { status: 'active' } }));
      expect(err.kind).toBe('forbidden');
      expect(incident(INCIDENT_IDS.cve).lastModifiedBy).not.toBe('API-App:Contoso SOC Reader');
    } finally {
      agent.destroy();
      await reader.close();
    }
  });

  it('adds a comment: 200 with every comment, the new one last, and bumps lastUpdateDateTime', async () => {
    const id = INCIDENT_IDS.phishing;
    const before = structuredClone(incident(id));
    expect(before.comments.length).toBeGreaterThan(0);
    const { status, body } = await comment(id, { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Mailbox rules reviewed: none.' });
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(`${h.emulator.url}/v1.0/$metadata#security/incidents('${id}')/comments`);
    expect(body.value).toHaveLength(before.comments.length + 1);
    expect(body.value.slice(0, -1)).toEqual(before.comments);
    const added = body.value.at(-1)!;
    // The answer names the app; read back later, Graph says "API-App:<app>".
    expect(added).toEqual({ comment: 'Mailbox rules reviewed: none.', createdByDisplayName: 'Contoso SOC Triage', createdDateTime: expect.any(String) });
    const read = await h.defender.graph.getIncident(id, false);
    expect(read.comments.at(-1)).toEqual({ ...added, createdByDisplayName: 'API-App:Contoso SOC Triage' });
    expect(read.lastUpdateDateTime).toBe(added.createdDateTime);
    expect(Date.parse(read.lastUpdateDateTime)).toBeGreaterThan(Date.parse(before.lastUpdateDateTime));
    // A comment changes no property: lastModifiedBy stays.
    expect(read.lastModifiedBy).toBe(before.lastModifiedBy);
    // Without @odata.type too (the parameter is what counts).
    expect((await comment(id, { comment: 'Second note.' })).body.value.at(-1)!.comment).toBe('Second note.');
  });

  it.each<[string, unknown, string]>([
    ['an empty comment', { comment: '' }, "The parameter 'comment' cannot be empty"],
    ['a blank comment', { comment: ' \n ' }, "The parameter 'comment' cannot be empty"],
    ['a missing comment', { '@odata.type': 'microsoft.graph.security.alertComment' }, "The parameter 'comment' is required"],
    ['a number', { comment: 7 }, "to the expected type 'Edm.String' of parameter 'comment'"],
    ['null', { comment: null }, "Cannot convert null to the expected type 'Edm.String'"],
    [
      'another type',
      { '@odata.type': 'microsoft.graph.security.incident', comment: 'x' },
      "a resource of type 'microsoft.graph.security.alertComment' was expected",
    ],
    ['an author of its own', { comment: 'x', createdByDisplayName: 'CEO' }, "The property 'createdByDisplayName' cannot be set"],
    ['more than the portal allows', { comment: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }, `limited to ${MAX_COMMENT_LENGTH} characters`],
  ])('refuses %s with 400 and adds nothing', async (_what, body, message) => {
    const id = INCIDENT_IDS.phishing;
    const before = structuredClone(incident(id));
    const err = await caught(comment(id, body));
    expect(err.details).toMatchObject({ status: 400, code: 'BadRequest' });
    expect(err.details.upstreamMessage).toContain(message);
    expect(incident(id)).toEqual(before);
  });
});
