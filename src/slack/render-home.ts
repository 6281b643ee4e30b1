import type { KnownBlock } from '@slack/types';
import type { MemberProfile } from '../core/types.js';
import { message } from '../core/messages/index.js';
import { escapeMrkdwn } from './render-blocks.js';

export interface HomeReminder {
  title: string;
  sendAt: string;
  eventAt: string;
}

/**
 * App Home: who the bot thinks you are, how many documents per Member State you may use (counts,
 * never titles), and your groups' next reminders.
 */
export function renderHome(
  home:
    | { kind: 'unknown' }
    | {
        kind: 'member';
        profile: MemberProfile;
        counts: { memberStateName: string | null; documents: number }[];
        reminders: HomeReminder[];
      },
  language = 'en',
): { type: 'home'; blocks: KnownBlock[] } {
  if (home.kind === 'unknown') {
    return { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: message('answer.no_access', language) } }] };
  }
  const { profile } = home;
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3_000) } });
  const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } });
  const groups = profile.workingGroups.length
    ? profile.workingGroups.map((g) => `• ${escapeMrkdwn(g.name)} (${g.role})`).join('\n')
    : message('slack.home_no_groups', language);
  const counts = home.counts.length
    ? home.counts.map((c) => `• ${escapeMrkdwn(c.memberStateName ?? '—')}: ${c.documents}`).join('\n')
    : message('slack.home_no_documents', language);
  const reminders = home.reminders.length
    ? home.reminders.map((r) => `• *${escapeMrkdwn(r.title)}*: ${r.sendAt} (${r.eventAt})`).join('\n')
    : message('chat.no_reminders', language);
  return {
    type: 'home',
    blocks: [
      section(message('chat.who_you_are', language, { name: escapeMrkdwn(profile.name), entity: escapeMrkdwn(profile.entityAcronym) })),
      header(message('slack.home_groups', language)),
      section(groups),
      header(message('slack.home_documents', language)),
      section(counts),
      header(message('slack.home_reminders', language)),
      section(reminders),
    ],
  };
}
