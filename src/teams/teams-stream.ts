import { ActivityTypes, type Activity, type ResourceResponse } from 'botbuilder';
import type { StreamSink } from '../core/conversation/turn.js';
import { message } from '../core/messages/index.js';
import type { Logger } from '../logger.js';
import { describeError } from './teams-errors.js';

const STREAM_LIMIT_MS = 110_000; // Teams ends a stream after 2 minutes; stop updating well before.

/** Teams refuses a streaming update with ContentStreamNotAllowed once the member pressed Stop. */
function isStreamStopped(error: unknown): boolean {
  const e = error as { statusCode?: number; code?: string; message?: string; body?: unknown };
  const said = `${e.code ?? ''} ${e.message ?? ''} ${typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '')}`;
  return said.includes('ContentStreamNotAllowed');
}

export interface TeamsStream extends StreamSink {
  signal: AbortSignal;
  /**
   * Ends the stream: the final message (with the stream id) unless the member pressed Stop, in which
   * case what was streamed stays and nothing more is sent (no feedback is asked for). Returns the id
   * of the message that stays.
   */
  finish(final: Partial<Activity>, stopped: boolean): Promise<string | undefined>;
}

/**
 * An answer streamed to one person as Teams expects (1:1 chats only): an informative update, then
 * cumulative updates about once a second, then the final message. Stop in Teams refuses the next
 * update with ContentStreamNotAllowed: that aborts `signal`, which cancels the model call.
 */
export function openTeamsStream(
  send: (activity: Partial<Activity>) => Promise<ResourceResponse | undefined>,
  options: { intervalMs: number; language: string; logger: Logger },
): TeamsStream {
  const started = Date.now();
  const stop = new AbortController();
  let streamId: string | undefined;
  let sequence = 1;
  let text = '';
  let sentText = '';
  let lastSent = Date.now();
  let inFlight: Promise<void> | null = null;
  const informative = send({
    type: ActivityTypes.Typing,
    text: message('chat.searching', options.language),
    entities: [{ type: 'streaminfo', streamType: 'informative', streamSequence: 1 }],
  } as Partial<Activity>).then((response) => {
    streamId = response?.id;
  });
  // A failed informative update fails the turn when the stream finishes, not as an unhandled rejection.
  informative.catch(() => undefined);
  const flush = () => {
    const due = Date.now() - lastSent >= options.intervalMs && Date.now() - started <= STREAM_LIMIT_MS;
    if (!streamId || stop.signal.aborted || inFlight || text === sentText || !due) return;
    sequence += 1;
    const update = text;
    inFlight = send({
      type: ActivityTypes.Typing,
      text: update,
      entities: [{ type: 'streaminfo', streamId, streamType: 'streaming', streamSequence: sequence }],
    } as Partial<Activity>)
      .then(
        () => undefined,
        (error: unknown) => {
          if (isStreamStopped(error)) stop.abort();
          else options.logger.warn({ err: describeError(error) }, 'teams streaming update failed');
        },
      )
      .finally(() => {
        sentText = update;
        lastSent = Date.now();
        inFlight = null;
      });
  };
  return {
    signal: stop.signal,
    onToken(token) {
      text += token;
      flush();
    },
    async finish(final, stopped) {
      await informative;
      while (inFlight) await inFlight;
      if (stopped) return streamId;
      const entities = [...(streamId ? [{ type: 'streaminfo', streamId, streamType: 'final' }] : []), ...(final.entities ?? [])];
      const response = await send({ ...final, entities } as Partial<Activity>);
      return response?.id ?? streamId;
    },
  };
}
