import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ActivityTypes,
  CloudAdapter,
  type Activity,
  type ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';

export type AuthenticatedRequest = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ClaimsIdentity = AuthenticatedRequest['claimsIdentity'];

/**
 * What a replica needs to answer an authenticated activity it did not receive: the checked token's
 * claims (who called, for which app: no signature, nothing that logs anyone in), the audience and
 * caller id botbuilder derived from them. The outbound connector is built again from the claims
 * (BotFrameworkAuthentication.createConnectorFactory, exactly what authenticateRequest does) with
 * this deployment's own credentials, so a stored turn does not expire with the caller's token.
 */
export interface StoredAuthentication {
  claims: { type: string; value: string }[];
  authenticated: boolean;
  audience: string;
  callerId?: string;
}

/**
 * botbuilder's CloudAdapter with the two halves of `process` apart: the router checks the token
 * first (and answers a bad one itself), then runs the turn on the checked request, there and then
 * or later on any replica (runStored).
 */
export class TeamsCloudAdapter extends CloudAdapter {
  /** The durable turn an async call chain belongs to: told when its first message goes out. */
  private readonly replies = new AsyncLocalStorage<() => Promise<void>>();

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

  /** The part of a checked request that outlives it (see StoredAuthentication). */
  storeAuthentication(request: AuthenticatedRequest): StoredAuthentication {
    return {
      claims: request.claimsIdentity.claims.map(({ type, value }) => ({ type, value })),
      authenticated: request.claimsIdentity.isAuthenticated,
      audience: request.audience,
      ...(request.callerId ? { callerId: request.callerId } : {}),
    };
  }

  /**
   * Runs a turn recorded on this or another replica, its replies through the Bot Connector as the
   * live request's would go. `onReplied` is called once, as soon as a message (not a typing or
   * streaming update) is out in any conversation the turn writes to, the 1:1 chat included.
   */
  async runStored(
    stored: StoredAuthentication,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
    onReplied: () => Promise<void>,
  ): Promise<void> {
    // The class is not exported by botbuilder; the adapter's own identity factory gives it.
    const Identity = this.createClaimsIdentity().constructor as new (claims: ClaimsIdentity['claims'], type?: boolean) => ClaimsIdentity;
    const claimsIdentity = new Identity(stored.claims, stored.authenticated);
    const request: AuthenticatedRequest = {
      claimsIdentity,
      audience: stored.audience,
      callerId: stored.callerId,
      connectorFactory: this.authentication.createConnectorFactory(claimsIdentity),
    };
    let told: Promise<void> | undefined;
    await this.replies.run(
      () => (told ??= onReplied()),
      () => this.processActivity(request, activity, logic),
    );
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses = await super.sendActivities(context, activities);
    const replied = this.replies.getStore();
    if (replied && activities.some((activity) => activity.type === ActivityTypes.Message)) await replied();
    return responses;
  }
}
