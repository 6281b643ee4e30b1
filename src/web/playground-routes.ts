import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AskContext } from '../core/types.js';
import { toUserMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { sendJson, type Route } from './http-server.js';
import { readJsonBody } from './read-json-body.js';

export interface PlaygroundAnswer {
  answerable: boolean;
  answer: string;
  citations: { n: number; documentId: string; title: string }[];
  context: string;
}

export interface PlaygroundPorts {
  listMembers(): Promise<{ id: string; name: string; entityAcronym: string; workingGroups: { id: string; role: string }[] }[]>;
  ask(request: { memberId: string; context: AskContext; question: string }): Promise<PlaygroundAnswer>;
  logger: Logger;
}

const askSchema = z.object({
  memberId: z.string().min(1),
  channel: z.string().min(1).nullish(),
  question: z.string().trim().min(1).max(2_000),
});

const PAGE = readFileSync(new URL('./playground.html', import.meta.url), 'utf8');

/**
 * The local playground: chat as any directory member, in a DM or a working-group channel, through the
 * same answering path as Slack and Teams (scope in SQL, audit row with platform 'web'). It
 * impersonates members, so main.ts mounts it only in local mode, on the loopback address by default.
 */
export function playgroundRoutes(ports: PlaygroundPorts): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      handler(_request, response) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(PAGE);
      },
    },
    {
      method: 'GET',
      path: '/playground/members',
      async handler(_request, response) {
        sendJson(response, 200, { members: await ports.listMembers() });
      },
    },
    {
      method: 'POST',
      path: '/playground/ask',
      async handler(request, response) {
        const parsed = askSchema.safeParse(await readJsonBody(request));
        if (!parsed.success) {
          sendJson(response, 400, { error: 'Send JSON with memberId, question and optionally channel (a working-group id).' });
          return;
        }
        const { memberId, channel, question } = parsed.data;
        const context: AskContext = channel ? { kind: 'channel', workingGroupId: channel } : { kind: 'dm' };
        try {
          sendJson(response, 200, await ports.ask({ memberId, context, question }));
        } catch (error) {
          ports.logger.error({ err: error }, 'playground question failed');
          sendJson(response, 500, { error: toUserMessage(error) });
        }
      },
    },
  ];
}
