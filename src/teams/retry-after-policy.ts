import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A request policy for botbuilder's ConnectorClient (an @azure/core-http pipeline) that honours
 * `Retry-After` on the statuses the Bot Connector uses for throttling and transient failure: 429,
 * 412 (a concurrent update of the same activity), 502, 503, 504. Without the header it backs off
 * exponentially. The SDK's own retry policies are switched off (`noRetryPolicy`), so this is the
 * only one and the number of attempts is ours. Typed structurally: @azure/core-http is botbuilder's
 * dependency, not ours.
 */

export const RETRYABLE_STATUSES = new Set([412, 429, 502, 503, 504]);

interface PipelineRequest {
  clone(): PipelineRequest;
}
interface PipelineResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}
interface RequestPolicy {
  sendRequest(request: PipelineRequest): Promise<PipelineResponse>;
}

export interface RetryAfterOptions {
  maxRetries?: number;
  /** Longest wait we accept from a Retry-After header (a longer one is capped). */
  maxDelayMs?: number;
  baseDelayMs?: number;
  onRetry?: (info: { status: number; delayMs: number; attempt: number }) => void;
}

/** Milliseconds from a Retry-After value: delta-seconds or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function retryAfterPolicy(options: RetryAfterOptions = {}) {
  const maxRetries = options.maxRetries ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  return {
    create: (nextPolicy: RequestPolicy): RequestPolicy => ({
      async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
        for (let attempt = 0; ; attempt += 1) {
          // The pipeline's deserialization step throws a RestError for error statuses (carrying the
          // response); a policy further out sees either a response or that error.
          let status: number;
          let retryAfter: string | undefined;
          try {
            const response = await nextPolicy.sendRequest(request.clone());
            if (!RETRYABLE_STATUSES.has(response.status) || attempt >= maxRetries) return response;
            status = response.status;
            retryAfter = response.headers.get('retry-after');
          } catch (error) {
            const rest = error as { statusCode?: number; response?: PipelineResponse };
            if (rest.statusCode === undefined || !RETRYABLE_STATUSES.has(rest.statusCode) || attempt >= maxRetries) throw error;
            status = rest.statusCode;
            retryAfter = rest.response?.headers.get('retry-after');
          }
          const delayMs = Math.min(maxDelayMs, parseRetryAfter(retryAfter) ?? baseDelayMs * 2 ** attempt);
          options.onRetry?.({ status, delayMs, attempt: attempt + 1 });
          await sleep(delayMs);
        }
      },
    }),
  };
}
