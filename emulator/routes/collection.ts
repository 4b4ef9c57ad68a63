import type { EmulatorRequest, EmulatorResponse } from '../http-kit';
import { errorFor } from '../http-kit';
import { applyQuery, ODataQueryError, parseODataQuery, type EntitySetSpec } from '../odata';

/** Serves a collection with OData $filter/$top/$skip/$orderby and an absolute @odata.nextLink, as Microsoft does. */
export function serveCollection<T extends Record<string, unknown>>(
  req: EmulatorRequest,
  baseUrl: string,
  items: T[],
  spec: EntitySetSpec,
  context: string,
  project: (item: T) => unknown = (i) => i,
): EmulatorResponse {
  let page: T[];
  let nextSkip: number | undefined;
  try {
    const query = parseODataQuery(req.url.searchParams, spec);
    ({ page, nextSkip } = applyQuery(items, query, spec));
  } catch (err) {
    if (err instanceof ODataQueryError) return errorFor(spec.dialect, 400, err.code, err.message, req);
    throw err;
  }
  const body: Record<string, unknown> = { '@odata.context': context };
  if (nextSkip !== undefined) {
    const next = new URL(req.url.pathname + req.url.search, baseUrl);
    next.searchParams.set('$skip', String(nextSkip));
    if (!next.searchParams.has('$top')) next.searchParams.set('$top', String(spec.defaultPageSize));
    body['@odata.nextLink'] = next.toString();
  }
  body.value = page.map(project);
  return { status: 200, body };
}
