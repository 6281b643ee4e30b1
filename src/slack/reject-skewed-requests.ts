import type { RequestHandler } from 'express';

/** Slack's replay window: a signed request older or newer than this is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Bolt verifies the signature and refuses old timestamps but accepts any timestamp in the future, so
 * a request signed for a future time could be replayed for as long as that time lies ahead. Checked
 * before Bolt reads the body: more than five minutes off in either direction is 401, like a bad
 * signature.
 */
export function rejectSkewedRequests(now: () => number = Date.now): RequestHandler {
  return (request, response, next) => {
    const header = request.headers['x-slack-request-timestamp'];
    const seconds = Number(Array.isArray(header) ? header[0] : header);
    if (!Number.isFinite(seconds) || Math.abs(now() / 1000 - seconds) > MAX_CLOCK_SKEW_SECONDS) {
      response.status(401).send();
      return;
    }
    next();
  };
}
