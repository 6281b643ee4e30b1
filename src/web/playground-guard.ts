import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import { isLoopbackHost } from './http-app.js';

export type PlaygroundDecision = { mounted: true; reason: string } | { mounted: false; reason: string };

/**
 * Whether the playground may be mounted. It lets anyone act as any member, so `auto` (the default)
 * mounts it only in local mode, on a loopback address, and with no Slack or Teams credentials loaded
 * (a real workspace's directory must not be one click away). `PLAYGROUND=on` overrides all three.
 */
export function decidePlayground(
  config: Pick<Config, 'mode' | 'host' | 'playground'> & { slack: { botToken?: string }; teams: { appId?: string } },
): PlaygroundDecision {
  if (config.playground === 'off') return { mounted: false, reason: 'PLAYGROUND=off.' };
  if (config.playground === 'on') return { mounted: true, reason: 'PLAYGROUND=on.' };
  if (config.mode !== 'local') return { mounted: false, reason: `APP_MODE=${config.mode}: the playground runs only in local mode.` };
  if (!isLoopbackHost(config.host))
    return {
      mounted: false,
      reason: `HOST=${config.host} is not a loopback address: other machines could act as any member. Listen on 127.0.0.1, or set PLAYGROUND=on.`,
    };
  if (config.slack.botToken || config.teams.appId)
    return {
      mounted: false,
      reason: 'Slack or Teams credentials are loaded: the playground would impersonate real members. Set PLAYGROUND=on to allow it anyway.',
    };
  return { mounted: true, reason: 'local mode on a loopback address, no chat credentials.' };
}

function hostOf(value: string): string {
  // "127.0.0.1:3978" → "127.0.0.1", "[::1]:3978" → "::1"
  const match = /^\[([^\]]+)\](?::\d+)?$/.exec(value) ?? /^([^:]+)(?::\d+)?$/.exec(value);
  return match?.[1] ?? value;
}

/**
 * Every playground request must come from the playground itself. The Host header must name a
 * loopback address and this server's port (DNS rebinding sends evil.example's name), an Origin, when
 * sent, must be exactly this origin (a cross-site form or fetch), and a body must be JSON (a
 * text/plain POST is one a browser sends cross-site without asking). When PLAYGROUND=on on a
 * non-loopback address, Host is whatever the operator exposed, but Origin must still match it.
 */
export function playgroundGuard(options: { loopbackOnly: boolean }): RequestHandler {
  return (request, response, next) => {
    const host = request.headers.host ?? '';
    const port = request.socket.localPort;
    const hostOk =
      host !== '' &&
      (!options.loopbackOnly || (isLoopbackHost(hostOf(host)) && (host.endsWith(`:${port}`) || (port === 80 && !host.includes(':')))));
    const origin = request.headers.origin;
    const originOk = origin === undefined || origin === `http://${host}`;
    if (!hostOk || !originOk) {
      response.status(403).json({ error: 'The playground answers only requests from its own page on this machine.' });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && !request.is('application/json')) {
      response.status(415).json({ error: 'Send the request as JSON (content-type: application/json).' });
      return;
    }
    next();
  };
}
