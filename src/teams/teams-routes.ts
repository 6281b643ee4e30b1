import express, { Router } from 'express';
import type { CloudAdapter, Request as BotRequest, Response as BotResponse } from 'botbuilder';
import type { Logger } from '../logger.js';
import type { TeamsBot } from './teams-bot.js';

/**
 * `POST /api/messages`: the Bot Connector's endpoint. botbuilder's CloudAdapter checks the JWT
 * (when an app id is configured: a request without a valid token gets 401) and needs the parsed
 * JSON body, so this route, and only this one, parses JSON (Slack's route needs raw bytes).
 */
export function teamsRouter(options: { adapter: CloudAdapter; bot: TeamsBot; logger: Logger }): Router {
  const router = Router();
  router.post('/api/messages', express.json({ limit: '1mb' }), async (request, response) => {
    await options.adapter.process(request as unknown as BotRequest, response as unknown as BotResponse, (context) =>
      options.bot.handle(context),
    );
  });
  return router;
}
