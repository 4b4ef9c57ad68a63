import {
  createHttpHeaders,
  createPipelineRequest,
  type HttpHeaders,
  type PipelineRequest,
  type PipelineResponse,
  type RequestBodyType,
} from '@azure/core-rest-pipeline';
import type { AbortSignalLike } from '@azure/abort-controller';
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/**
 * The shapes botframework-connector's ConnectorClient expects from `ConnectorClientOptions.httpClient` (the
 * core-http-compat "RequestPolicy" that botbuilder-stdlib's ServiceClientContext wraps with convertHttpClient), taken
 * from botbuilder's own types so no transitive package is imported.
 */
export type ConnectorClientOptions = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]>;
export type CompatHttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
export type CompatRequest = Parameters<CompatHttpClient['sendRequest']>[0];
export type CompatResponse = Awaited<ReturnType<CompatHttpClient['sendRequest']>>;
type CompatHeaders = CompatResponse['headers'];

/** core-http's header collection over core-rest-pipeline's. */
class CompatHeadersView implements CompatHeaders {
  constructor(private readonly headers: HttpHeaders) {}
  set(name: string, value: string | number): void {
    this.headers.set(name, value);
  }
  get(name: string): string | undefined {
    return this.headers.get(name);
  }
  contains(name: string): boolean {
    return this.headers.has(name);
  }
  remove(name: string): boolean {
    const had = this.headers.has(name);
    this.headers.delete(name);
    return had;
  }
  rawHeaders(): Record<string, string> {
    return this.headers.toJSON();
  }
  headersArray(): { name: string; value: string }[] {
    return [...this.headers].map(([name, value]) => ({ name, value }));
  }
  headerNames(): string[] {
    return [...this.headers].map(([name]) => name);
  }
  headerValues(): string[] {
    return [...this.headers].map(([, value]) => value);
  }
  clone(): CompatHeaders {
    return new CompatHeadersView(createHttpHeaders(this.headers.toJSON({ preserveCase: true })));
  }
  toJson(options?: { preserveCase?: boolean }): Record<string, string> {
    return this.headers.toJSON(options);
  }
}

/**
 * A fresh core-rest-pipeline request for one attempt of the connector's request. The attempt's timeout is the
 * caller's `abortSignal` (core-rest-pipeline's own `timeout` leaves its timer running when the connection fails).
 */
export function toPipelineRequest(resource: CompatRequest, abortSignal: AbortSignalLike): PipelineRequest {
  return createPipelineRequest({
    url: resource.url,
    method: resource.method,
    headers: createHttpHeaders(resource.headers.toJson({ preserveCase: true })),
    body: resource.body as RequestBodyType | undefined,
    abortSignal,
    withCredentials: resource.withCredentials,
    streamResponseStatusCodes: resource.streamResponseStatusCodes,
    proxySettings: resource.proxySettings,
    agent: resource.agent,
    // As botbuilder's own ServiceClient decides it: a serviceUrl given as http (a local connector) is used as given.
    allowInsecureConnection: resource.url.toLowerCase().startsWith('http:'),
  });
}

/**
 * The response as core-http-compat reads it back. `request` must be the resource it handed us: convertHttpClient
 * maps it back to the original PipelineRequest, which core-client needs to deserialize the operation's result.
 */
export function toCompatResponse(resource: CompatRequest, response: PipelineResponse): CompatResponse {
  return {
    request: resource,
    status: response.status,
    headers: new CompatHeadersView(response.headers),
    bodyAsText: response.bodyAsText,
    blobBody: response.blobBody,
    browserStreamBody: response.browserStreamBody,
    readableStreamBody: response.readableStreamBody,
  };
}
