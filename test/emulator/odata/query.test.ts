import { applyQuery, parseODataQuery, type EntitySetSpec, type ParsedQuery } from '../../../emulator/odata';
import { errorOf, incidents, incidentSpec, machines, machineSpec, query } from './fixtures';

const pageIds = (items: Record<string, unknown>[], q: ParsedQuery, spec: EntitySetSpec) => applyQuery(items, q, spec).page.map((i) => i.id);

describe('parseODataQuery', () => {
  it('returns only a zero skip when no options are given', () => {
    expect(query(incidentSpec, {})).toEqual({ skip: 0 });
    expect(query(incidentSpec, { $select: 'id', $count: 'true' })).toEqual({ skip: 0 });
  });

  it('reads $top, $skip, $orderby and $filter together', () => {
    expect(
      query(incidentSpec, {
        $filter: "status eq 'active'",
        $top: '10',
        $skip: '5',
        $orderby: 'createdDateTime desc,displayName',
      }),
    ).toEqual({
      filter: expect.objectContaining({ kind: 'compare' }),
      top: 10,
      skip: 5,
      orderby: [
        { property: 'createdDateTime', desc: true },
        { property: 'displayName', desc: false },
      ],
    });
  });

  it('accepts $top=0 and $top equal to maxTop', () => {
    expect(query(incidentSpec, { $top: '0' }).top).toBe(0);
    expect(query(incidentSpec, { $top: '50' }).top).toBe(50);
  });

  it("rejects $top above maxTop with Graph's wording", () => {
    const err = errorOf(() => query(incidentSpec, { $top: '999' }));
    expect(err.status).toBe(400);
    expect(err.code).toBe('BadRequest');
    expect(err.message).toBe("The limit of '50' for Top query has been exceeded. The value from the incoming request is '999'.");
    const mde = errorOf(() => query(machineSpec, { $top: '10001' }));
    expect(mde.code).toBe('ODataError');
    expect(mde.message).toBe("The limit of '10000' for Top query has been exceeded. The value from the incoming request is '10001'.");
    expect(errorOf(() => query(incidentSpec, { $top: '9'.repeat(400) })).message).toContain(`'${'9'.repeat(200)}...'`);
  });

  it.each(['-1', 'abc', '1.5', ' 5', '5 ', '+5', '', '0x10', '1e2'])('rejects $top=%j', (value) => {
    const err = errorOf(() => query(incidentSpec, { $top: value }));
    expect(err.code).toBe('BadRequest');
    expect(err.message).toBe(`Invalid value '${value}' for $top query option found. The $top query option requires a non-negative integer value.`);
  });

  it.each(['-1', 'x', '2.0', '', '99999999999999999999'])('rejects $skip=%j', (value) => {
    const err = errorOf(() => query(machineSpec, { $skip: value }));
    expect(err.code).toBe('ODataError');
    expect(err.message).toBe(`Invalid value '${value}' for $skip query option found. The $skip query option requires a non-negative integer value.`);
  });

  it('rejects a repeated query option', () => {
    const params = new URLSearchParams("$filter=status eq 'a'&$filter=status eq 'b'");
    expect(errorOf(() => parseODataQuery(params, incidentSpec)).message).toBe(
      "Query option '$filter' was specified more than once, but it must be specified at most once.",
    );
    expect(errorOf(() => parseODataQuery(new URLSearchParams('$top=1&$top=2'), incidentSpec)).code).toBe('BadRequest');
  });

  it('needs a percent-encoded + in datetime offsets', () => {
    const raw = new URLSearchParams('$filter=createdDateTime lt 2024-05-01T03:30:00+02:00');
    expect(errorOf(() => parseODataQuery(raw, incidentSpec)).message).toContain('Syntax error');
    const encoded = new URLSearchParams('$filter=createdDateTime%20lt%202024-05-01T03:30:00%2B02:00');
    expect(pageIds(incidents, parseODataQuery(encoded, incidentSpec), incidentSpec)).toEqual(['6']);
  });

  describe('$orderby', () => {
    it('accepts asc/desc, whitespace and a + decoded to a space', () => {
      expect(query(incidentSpec, { $orderby: ' createdDateTime  asc , severity desc ' }).orderby).toEqual([
        { property: 'createdDateTime', desc: false },
        { property: 'severity', desc: true },
      ]);
      expect(parseODataQuery(new URLSearchParams('$orderby=createdDateTime+desc'), incidentSpec).orderby).toEqual([
        { property: 'createdDateTime', desc: true },
      ]);
    });

    it('resolves Defender property names case-insensitively', () => {
      expect(query(machineSpec, { $orderby: 'LastSeen desc' }).orderby).toEqual([{ property: 'lastSeen', desc: true }]);
    });

    it('rejects a filterable property that is not orderable', () => {
      const err = errorOf(() => query(incidentSpec, { $orderby: 'status' }));
      expect(err.code).toBe('BadRequest');
      expect(err.message).toBe("The property 'status' cannot be used in the $orderby query option.");
    });

    it('rejects an unknown property', () => {
      expect(errorOf(() => query(incidentSpec, { $orderby: 'foo desc' })).message).toBe(
        "Could not find a property named 'foo' on type 'microsoft.graph.security.incident'.",
      );
      expect(errorOf(() => query(incidentSpec, { $orderby: 'CreatedDateTime' })).message).toContain("property named 'CreatedDateTime'");
    });

    it('rejects every property when the spec has no orderable list', () => {
      const spec: EntitySetSpec = { ...incidentSpec, orderable: undefined };
      expect(errorOf(() => query(spec, { $orderby: 'createdDateTime' })).message).toContain('cannot be used');
    });

    it('rejects collection-valued and duplicate properties', () => {
      const spec: EntitySetSpec = { ...machineSpec, orderable: ['machineTags', 'lastSeen'] };
      expect(errorOf(() => query(spec, { $orderby: 'machineTags' })).message).toBe(
        'The $orderby expression must evaluate to a single value of primitive type.',
      );
      expect(errorOf(() => query(spec, { $orderby: 'lastSeen,lastSeen desc' })).message).toBe(
        "Duplicate property named 'lastSeen' is not supported in '$orderby'.",
      );
    });

    it.each([
      ['createdDateTime descending', 0],
      ['createdDateTime DESC', 0],
      ['', 0],
      ['createdDateTime,', 16],
      ['createdDateTime, ,displayName', 17],
      ['displayName asc desc', 0],
      ['tolower(displayName)', 0],
      ['createdDateTime,displayName;drop', 16],
    ])('reports a syntax error in %j at position %d', (orderby, position) => {
      expect(errorOf(() => query(incidentSpec, { $orderby: orderby })).message).toBe(
        `Invalid $orderby clause: Syntax error at position ${position} in '${orderby}'.`,
      );
    });
  });
});

describe('applyQuery', () => {
  const spec: EntitySetSpec = { ...incidentSpec, defaultPageSize: 4 };

  it('uses the default page size when $top is absent and reports where the next page starts', () => {
    expect(applyQuery(incidents, { skip: 0 }, spec)).toEqual({ page: incidents.slice(0, 4), nextSkip: 4 });
    expect(applyQuery(incidents, { skip: 4 }, spec)).toEqual({ page: incidents.slice(4) });
    expect(applyQuery(incidents, { skip: 0 }, incidentSpec)).toEqual({ page: incidents });
  });

  it('pages with $top and $skip', () => {
    expect(applyQuery(incidents, { skip: 0, top: 2 }, spec)).toEqual({ page: incidents.slice(0, 2), nextSkip: 2 });
    expect(applyQuery(incidents, { skip: 2, top: 2 }, spec)).toEqual({ page: incidents.slice(2, 4), nextSkip: 4 });
    expect(applyQuery(incidents, { skip: 4, top: 2 }, spec)).toEqual({ page: incidents.slice(4, 6) });
    expect(applyQuery(incidents, { skip: 5, top: 10 }, spec)).toEqual({ page: incidents.slice(5) });
    expect(applyQuery(incidents, { skip: 10, top: 2 }, spec)).toEqual({ page: [] });
    expect(applyQuery([], { skip: 0 }, spec)).toEqual({ page: [] });
  });

  it('returns an empty page and no next link for $top=0', () => {
    expect(applyQuery(incidents, { skip: 0, top: 0 }, spec)).toEqual({ page: [] });
  });

  it('visits every matching item exactly once when following nextSkip', () => {
    const q = query(spec, { $filter: "severity ne 'low'", $orderby: 'createdDateTime desc', $top: '2' });
    const seen: unknown[] = [];
    let skip: number | undefined = 0;
    let pages = 0;
    while (skip !== undefined) {
      const result: { page: Record<string, unknown>[]; nextSkip?: number } = applyQuery(incidents, { ...q, skip }, spec);
      seen.push(...result.page.map((i) => i.id));
      skip = result.nextSkip;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['5', '4', '2', '1', '6']);
  });

  it('does not mutate the input', () => {
    const copy = incidents.map((i) => ({ ...i }));
    applyQuery(incidents, query(incidentSpec, { $orderby: 'displayName desc' }), incidentSpec);
    expect(incidents).toEqual(copy);
  });

  it('orders strings case-insensitively, ascending and descending', () => {
    expect(pageIds(incidents, query(incidentSpec, { $orderby: 'displayName' }), incidentSpec)).toEqual(['2', '1', '6', '3', '4', '5']);
    expect(pageIds(incidents, query(incidentSpec, { $orderby: 'displayName desc' }), incidentSpec)).toEqual(['5', '4', '3', '6', '1', '2']);
    expect(pageIds(machines, query(machineSpec, { $orderby: 'computerDnsName' }), machineSpec)).toEqual(['m4', 'm3', 'm2', 'm1']);
  });

  it('orders datetimes as instants, including 7 fractional digits and offsets', () => {
    expect(pageIds(incidents, query(incidentSpec, { $orderby: 'createdDateTime' }), incidentSpec)).toEqual(['6', '3', '1', '2', '4', '5']);
    expect(pageIds(incidents, query(incidentSpec, { $orderby: 'createdDateTime desc' }), incidentSpec)).toEqual(['5', '4', '2', '1', '3', '6']);
  });

  it('puts nulls first ascending and last descending', () => {
    expect(pageIds(machines, query(machineSpec, { $orderby: 'lastSeen' }), machineSpec)).toEqual(['m4', 'm2', 'm1', 'm3']);
    expect(pageIds(machines, query(machineSpec, { $orderby: 'lastSeen desc' }), machineSpec)).toEqual(['m3', 'm1', 'm2', 'm4']);
    expect(pageIds(machines, query(machineSpec, { $orderby: 'rbacGroupId desc' }), machineSpec)).toEqual(['m4', 'm1', 'm2', 'm3']);
  });

  it('orders by several keys and keeps ties in collection order', () => {
    expect(pageIds(incidents, query(incidentSpec, { $orderby: 'severity,createdDateTime desc' }), incidentSpec)).toEqual(['5', '1', '6', '4', '3', '2']);
    expect(pageIds(incidents, query(incidentSpec, { $orderby: 'assignedTo' }), incidentSpec)).toEqual(['2', '6', '1', '5', '3', '4']);
  });

  it('infers the kind of an orderable property that is not filterable', () => {
    expect(pageIds(machines, query(machineSpec, { $orderby: 'firstSeen desc' }), machineSpec)).toEqual(['m4', 'm1', 'm2', 'm3']);
  });

  it('filters, orders and pages together', () => {
    const q = query(incidentSpec, {
      $filter: "customTags/any(t: startswith(t,'fin')) or status eq 'active'",
      $orderby: 'createdDateTime desc',
      $top: '2',
      $skip: '1',
    });
    expect(applyQuery(incidents, q, incidentSpec)).toEqual({
      page: [incidents[0], incidents[2]],
      nextSkip: 3,
    });
  });
});
