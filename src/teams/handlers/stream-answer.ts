import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { message } from '../../core/messages/index.js';
import type { Asker, TeamsBotDeps } from '../teams-bot-deps.js';
import { describeError } from '../teams-errors.js';
import { answerActivity, recordPosted, renderResult } from '../teams-replies.js';

const STREAM_LIMIT_MS = 110_000; // Teams ends a stream after 2 minutes; stop updating well before.

/** Teams refuses a streaming update with ContentStreamNotAllowed once the member pressed Stop. */
function isStreamStopped(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string; message?: string; body?: unknown };
  const said = `${e.code ?? ''} ${e.message ?? ''} ${typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '')}`;
  return said.includes('ContentStreamNotAllowed');
}

/**
 * A 1:1 answer streamed as Teams expects: informative update, cumulative updates, final message.
 * The member's Stop ends the stream in Teams, and the next update is refused with
 * ContentStreamNotAllowed: that cancels the model call, leaves what was said, and sends no final
 * message (so no feedback is asked for); the audit row says stopped.
 */
export async function streamAnswer(deps: TeamsBotDeps, context: TurnContext, asker: Asker, question: string): Promise<void> {
  const started = Date.now();
  const informative = await context.sendActivity({
    type: ActivityTypes.Typing,
    text: message('chat.searching', asker.language),
    entities: [{ type: 'streaminfo', streamType: 'informative', streamSequence: 1 }],
  } as Partial<Activity>);
  const streamId = informative?.id;
  let sequence = 1;
  let text = '';
  let sentText = '';
  let lastSent = Date.now();
  let inFlight: Promise<void> | null = null;
  const stop = new AbortController();
  const flush = () => {
    const due = Date.now() - lastSent >= deps.streamIntervalMs && Date.now() - started <= STREAM_LIMIT_MS;
    if (!streamId || stop.signal.aborted || inFlight || text === sentText || !due) return;
    sequence += 1;
    const update = text;
    inFlight = context
      .sendActivity({
        type: ActivityTypes.Typing,
        text: update,
        entities: [{ type: 'streaminfo', streamId, streamType: 'streaming', streamSequence: sequence }],
      } as Partial<Activity>)
      .then(
        () => undefined,
        (error: unknown) => {
          if (isStreamStopped(error)) stop.abort();
          else deps.logger.warn({ err: describeError(error) }, 'teams streaming update failed');
        },
      )
      .finally(() => {
        sentText = update;
        lastSent = Date.now();
        inFlight = null;
      });
  };
  const result = await deps.answer({
    memberId: asker.memberId,
    context: { kind: 'dm' },
    question,
    platform: 'teams',
    locale: context.activity.locale,
    signal: stop.signal,
    onToken: (token) => {
      text += token;
      flush();
    },
  });
  while (inFlight) await inFlight;
  if (result.stopped) {
    // What was streamed stays in the chat (it may cite documents: recorded for withdrawal).
    await recordPosted(deps.db, context.activity.conversation.id, streamId ? { id: streamId } : undefined, result);
    return;
  }
  const final = answerActivity(renderResult(result));
  final.entities = [
    ...(streamId ? [{ type: 'streaminfo', streamId, streamType: 'final' }] : []),
    ...(final.entities ?? []),
  ] as Activity['entities'];
  const response = await context.sendActivity(final);
  await recordPosted(deps.db, context.activity.conversation.id, response?.id ? response : streamId ? { id: streamId } : undefined, result);
}
