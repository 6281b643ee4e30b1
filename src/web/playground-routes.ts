import { readFileSync } from 'node:fs';
import express, { Router } from 'express';
import { z } from 'zod';
import type { AskContext } from '../core/types.js';
import { toUserMessage } from '../errors.js';
import type { Logger } from '../logger.js';

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
export function playgroundRouter(ports: PlaygroundPorts): Router {
  const router = Router();
  router.get('/', (_request, response) => {
    response.type('html').send(PAGE);
  });
  router.get('/playground/members', async (_request, response) => {
    response.json({ members: await ports.listMembers() });
  });
  router.post('/playground/ask', express.json({ limit: '64kb', type: () => true }), async (request, response) => {
    const parsed = askSchema.safeParse(request.body);
    if (!parsed.success) {
      response.status(400).json({ error: 'Send JSON with memberId, question and optionally channel (a working-group id).' });
      return;
    }
    const { memberId, channel, question } = parsed.data;
    const context: AskContext = channel ? { kind: 'channel', workingGroupId: channel } : { kind: 'dm' };
    try {
      response.json(await ports.ask({ memberId, context, question }));
    } catch (error) {
      ports.logger.error({ err: error }, 'playground question failed');
      response.status(500).json({ error: toUserMessage(error) });
    }
  });
  return router;
}
