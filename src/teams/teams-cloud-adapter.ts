import {
  CloudAdapter,
  type Activity,
  type ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

export type AuthenticatedRequest = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * botbuilder's CloudAdapter with the two halves of `process` apart: the router checks the token
 * first (and answers a bad one itself), then runs the turn on the checked request.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  constructor(readonly authentication: ConfigurationBotFrameworkAuthentication) {
    super(authentication);
  }

  /** Rejects when the token does not verify (forged, expired, wrong audience, keys unreachable). */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticatedRequest> {
    return this.authentication.authenticateRequest(activity, authHeader);
  }

  /** Runs the turn for an authenticated request; the invoke response, if the turn set one. */
  runAuthenticated(
    request: AuthenticatedRequest,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(request, activity, logic);
  }
}
