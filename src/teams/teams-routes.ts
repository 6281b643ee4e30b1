import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { AuthenticatedRequest, TeamsCloudAdapter } from './teams-cloud-adapter.js';
import type { Logger } from '../logger.js';
import { describeError } from './teams-errors.js';
import type { TeamsBot } from './teams-bot.js';
import { activityFromBody, type DurableActivities } from './durable-activities.js';

/**
 * `POST /api/messages`: the Bot Connector's endpoint. The token is checked here, before any turn
 * runs, rather than inside `CloudAdapter.process`: that one answers 500 with the internal error in
 * the body when the signing keys cannot be fetched (a forged token from anywhere could read our
 * network errors) and prints a multi-line stack for every rejected request. Here every request
 * whose token does not verify, for whatever reason, gets 401 with no body and one log line. A
 * message is then only recorded (durable-activities.ts) and answered after the 200; invokes and
 * the rest run their turn here. This route, and only this one, parses JSON (Slack's route needs
 * raw bytes).
 */

export function teamsRouter(options: {
  adapter: TeamsCloudAdapter;
  bot: TeamsBot;
  /** Messages: recorded before the 200 and answered after it, by this replica or another. */
  durable: DurableActivities;
  logger: Logger;
}): Router {
  const { adapter, bot, durable, logger } = options;
  const router = Router();
  router.post(
    '/api/messages',
    express.json({ limit: '1mb' }),
    async (request: Request, response: Response) => {
      const activity = activityFromBody(request.body);
      if (!activity) {
        response.status(400).end();
        return;
      }
      const header = request.headers.authorization ?? '';
      let authenticated: AuthenticatedRequest;
      try {
        authenticated = await adapter.authenticate(activity, header);
      } catch (error) {
        // Forged, expired, wrong audience, or keys we could not fetch to check it: none is the
        // caller's business. No stack: this happens for every stray request on a public endpoint.
        const reason = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : String(error).slice(0, 200);
        logger.warn(
          { reason, errorType: error instanceof Error ? error.name : typeof error, hasToken: header !== '' },
          'teams: request refused, token not valid',
        );
        response.status(401).end();
        return;
      }
      try {
        if (durable.wants(activity)) {
          // A retry of an activity already recorded gets its 200 too: Teams stops sending it.
          await durable.accept(authenticated, activity);
          response.status(200).end();
          return;
        }
        const invokeResponse = await adapter.runAuthenticated(authenticated, activity, (context) => bot.handle(context));
        response.status(invokeResponse?.status ?? 200);
        if (invokeResponse?.body !== undefined && invokeResponse.body !== null) response.send(invokeResponse.body);
        response.end();
      } catch (error) {
        logger.error({ err: describeError(error) }, 'teams: activity not processed');
        if (!response.headersSent) response.status(500).end();
      }
    },
    // A body that is not JSON: 400 and nothing of the parser's error in the answer.
    (error: unknown, _request: Request, response: Response, _next: NextFunction) => {
      logger.warn({ errorType: error instanceof Error ? error.name : typeof error }, 'teams: request body is not JSON');
      response.status(400).end();
    },
  );
  return router;
}
