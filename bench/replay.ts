import type { Agent } from 'node:https';
import { createDefaultHttpClient, createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { AppConfig } from '../src/config/schema';
import type { Defender } from '../src/defender/connect';
import { EndpointClient } from '../src/defender/endpoint';
import { GraphClient } from '../src/defender/graph';
import { DefenderHttp } from '../src/defender/http/defender-http';
import { NO_BUDGET } from './child';

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Times in a query (look-back windows computed from now) differ between recording and replay. */
const normalise = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<time>');

/**
 * An HttpClient under the bot's own pipeline that records the emulator's answers once, then plays them back: the same
 * pipeline, JSON parsing and assembly run, without sockets, TLS or anyone upstream.
 */
export class ReplayHttpClient implements HttpClient {
  private readonly tape = new Map<string, Recorded>();
  recording = true;

  constructor(private readonly inner: HttpClient = createDefaultHttpClient()) {}

  private key(request: PipelineRequest): string {
    return normalise(`${request.method} ${request.url} ${typeof request.body === 'string' ? request.body : ''}`);
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const key = this.key(request);
    if (this.recording) {
      const response = await this.inner.sendRequest(request);
      this.tape.set(key, { status: response.status, headers: response.headers.toJSON(), body: response.bodyAsText ?? '' });
      return response;
    }
    const recorded = this.tape.get(key);
    if (!recorded) throw new Error(`no recorded answer for ${key.slice(0, 300)}`);
    return { request, status: recorded.status, headers: createHttpHeaders(recorded.headers), bodyAsText: recorded.body };
  }
}

/** The same Defender clients over a replaying HttpClient (token, endpoints and the rest from the connected ones). */
export function replayingDefender(defender: Defender, config: AppConfig, client: ReplayHttpClient, agent: Agent): Defender {
  const http = new DefenderHttp({
    credential: defender.credential,
    endpoints: defender.endpoints,
    http: config.http,
    budget: NO_BUDGET,
    agent,
    httpClient: client,
  });
  return { ...defender, http, graph: new GraphClient(http), endpoint: new EndpointClient(http) };
}
