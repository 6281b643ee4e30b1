import { expect } from 'vitest';
import { message, type MessageKey } from '../../src/core/messages/index.js';
import { CANARIES } from './scope-fixture.js';

/**
 * One table of conversation scenarios (issue 19.6) with platform-neutral expectations, over the scope
 * fixture (test/helpers/scope-fixture.ts). Each surface has a runner (Slack: signed HTTP to the real
 * Bolt app; the playground: its HTTP routes; Teams: activities to the real CloudAdapter) that plays
 * the steps and reports what the room saw and what the actor saw privately; `checkOutcome` asserts
 * the same decisions on every surface.
 *
 * The room is wg-border's registered channel. Its readers are set per scenario.
 */

/** Directory members of the fixture, and people the directory does not know. */
export type Person = 'chair' | 'cochair' | 'member' | 'other' | 'guest' | 'external' | 'stranger';

/** Fixture member ids (guest, external and stranger are in no directory). */
export const MEMBER_IDS: Partial<Record<Person, string>> = {
  chair: 'mbr-chair',
  cochair: 'mbr-cochair',
  member: 'mbr-member',
  other: 'mbr-other',
};

export interface RoomSetup {
  /** Who reads wg-border's channel (the bot is always there too). */
  readers: Person[];
  /** Shared with another organisation's workspace or tenant. */
  externallyShared?: boolean;
  /** The platform refuses to list the room (missing scope, API error). */
  unreadable?: boolean;
}

export type Where = 'dm' | 'room';
export type Button = 'share' | 'feedback-up' | 'feedback-down' | 'approve';

export type Step =
  /** A question: a DM, or a mention in the room. */
  | { do: 'ask'; as: Person; in: Where; text: string }
  /** A command in the one grammar (`/compact …` in Slack). */
  | { do: 'command'; as: Person; in: Where; text: string }
  /** A click on a button of the last private reply to `from` (default: the clicker) that carries it. */
  | { do: 'click'; as: Person; in: Where; button: Button; from?: Person }
  /** The administrator revokes consent on a document. */
  | { do: 'revoke'; document: string };

/** What one party saw during a step: every text (message, blocks, sources) concatenated per message. */
export interface Seen {
  /** Texts that must each appear in something this party saw. */
  includes?: string[];
  /** Texts that must appear in nothing this party saw. */
  excludes?: string[];
  /** A line of the catalogue (English) this party must have seen. */
  line?: MessageKey;
  /** This party saw nothing at all. */
  nothing?: true;
}

export interface Scenario {
  name: string;
  room: RoomSetup;
  steps: { step: Step; room?: Seen; actor?: Seen }[];
}

/** What a runner observed in one step. */
export interface StepOutcome {
  room: string[];
  actor: string[];
}

const BORDER_ROOM: RoomSetup = { readers: ['chair', 'cochair', 'member'] };
const EVERY_DOCUMENT = [
  CANARIES.assess,
  CANARIES.ta,
  CANARIES.recs,
  CANARIES.consult,
  'Title of doc-assess',
  'Title of doc-ta',
  'Title of doc-recs',
  'Title of doc-consult',
  '23 official land border crossing points',
  '14 land border posts',
  'border decree within 12 months',
];
const CROSSINGS = 'How many official land border crossing points does Valdoria have?';
const TA_NEEDS = 'Which land border posts should be connected to INTERPOL I-24/7 in Valdoria?';
const DECREE = 'What should Valdoria adopt about the border decree?';

export const SCENARIOS: Scenario[] = [
  {
    name: 'a member’s DM is answered from their own scope, privately',
    room: BORDER_ROOM,
    steps: [
      {
        step: { do: 'ask', as: 'member', in: 'dm', text: CROSSINGS },
        room: { nothing: true },
        actor: { includes: ['23 official land border crossing points'] },
      },
    ],
  },
  {
    name: 'a channel mention uses the narrower room scope; the fuller answer goes to the asker alone',
    room: BORDER_ROOM,
    steps: [
      {
        step: { do: 'ask', as: 'chair', in: 'room', text: DECREE },
        room: { excludes: ['border decree within 12 months', 'Title of doc-recs', CANARIES.recs] },
        actor: { line: 'room.more_privately', includes: ['Title of doc-recs'] },
      },
    ],
  },
  {
    name: 'a guest in the room: nothing from any document goes to the room; the asker is told why',
    room: { readers: ['chair', 'cochair', 'member', 'guest'] },
    steps: [
      {
        step: { do: 'ask', as: 'member', in: 'room', text: TA_NEEDS },
        room: { excludes: EVERY_DOCUMENT },
        actor: { line: 'room.private_outsiders', includes: ['I-24/7'] },
      },
      {
        step: { do: 'ask', as: 'member', in: 'room', text: CROSSINGS },
        room: { excludes: EVERY_DOCUMENT },
        actor: { line: 'room.private_outsiders', includes: ['23 official land border crossing points'] },
      },
    ],
  },
  {
    name: 'a reader without access in the room: the room answer does not use what they may not see',
    room: { readers: ['chair', 'cochair', 'member', 'other'] },
    steps: [
      {
        step: { do: 'ask', as: 'member', in: 'room', text: TA_NEEDS },
        room: { excludes: ['14 land border posts', 'Title of doc-ta', CANARIES.ta] },
      },
    ],
  },
  {
    name: 'an externally shared channel with someone the directory does not map: private, with the reason',
    room: { readers: ['chair', 'cochair', 'member', 'external'], externallyShared: true },
    steps: [
      {
        step: { do: 'ask', as: 'member', in: 'room', text: CROSSINGS },
        room: { excludes: EVERY_DOCUMENT },
        actor: { line: 'room.private_outsiders', includes: ['23 official land border crossing points'] },
      },
    ],
  },
  {
    name: 'a roster that cannot be read fails closed: private, with the reason',
    room: { ...BORDER_ROOM, unreadable: true },
    steps: [
      {
        step: { do: 'ask', as: 'member', in: 'room', text: CROSSINGS },
        room: { excludes: EVERY_DOCUMENT },
        actor: { line: 'room.private_unreadable', includes: ['23 official land border crossing points'] },
      },
    ],
  },
  {
    name: 'an unknown user gets only how to get access',
    room: BORDER_ROOM,
    steps: [
      {
        step: { do: 'ask', as: 'stranger', in: 'dm', text: CROSSINGS },
        room: { nothing: true },
        actor: { line: 'answer.no_access', excludes: EVERY_DOCUMENT },
      },
    ],
  },
  {
    name: 'share allowed: the asker posts an answer every reader may see, once',
    room: BORDER_ROOM,
    steps: [
      {
        step: { do: 'command', as: 'member', in: 'room', text: `ask ${CROSSINGS}` },
        room: { nothing: true },
        actor: { includes: ['23 official land border crossing points'] },
      },
      {
        step: { do: 'click', as: 'member', in: 'room', button: 'share' },
        room: { includes: ['23 official land border crossing points'] },
        actor: { line: 'chat.posted' },
      },
      { step: { do: 'click', as: 'member', in: 'room', button: 'share' }, room: { nothing: true }, actor: { line: 'room.share_already' } },
    ],
  },
  {
    name: 'share refused: a cited document not every reader may see; another member’s click',
    room: BORDER_ROOM,
    steps: [
      {
        step: { do: 'command', as: 'chair', in: 'room', text: `ask ${DECREE}` },
        room: { nothing: true },
        actor: { includes: ['Title of doc-recs'] },
      },
      { step: { do: 'click', as: 'chair', in: 'room', button: 'share' }, room: { nothing: true }, actor: { line: 'room.share_refused' } },
      {
        step: { do: 'click', as: 'cochair', in: 'room', button: 'share', from: 'chair' },
        room: { nothing: true },
        actor: { line: 'room.share_not_yours' },
      },
    ],
  },
  {
    name: 'a summary asked by a chair is a private draft; by a non-chair, a refusal',
    room: BORDER_ROOM,
    steps: [
      {
        step: { do: 'command', as: 'chair', in: 'room', text: 'summary Valdoria' },
        room: { nothing: true },
        actor: { includes: ['Republic of Valdoria'] },
      },
      {
        step: { do: 'command', as: 'member', in: 'room', text: 'summary Valdoria' },
        room: { nothing: true },
        actor: { includes: ['Only the chair or a co-chair'] },
      },
    ],
  },
  {
    name: 'the reminder listing names the room’s next reminders, no document text',
    room: BORDER_ROOM,
    steps: [
      {
        step: { do: 'command', as: 'member', in: 'room', text: 'reminders' },
        room: { nothing: true },
        actor: { includes: ['Border WG meeting'], excludes: EVERY_DOCUMENT },
      },
    ],
  },
  {
    name: 'feedback by the answer’s recipient is stored; by anyone else, refused',
    room: BORDER_ROOM,
    steps: [
      { step: { do: 'ask', as: 'member', in: 'dm', text: CROSSINGS }, actor: { includes: ['23 official land border crossing points'] } },
      { step: { do: 'click', as: 'member', in: 'dm', button: 'feedback-down' }, actor: { line: 'chat.feedback_thanks' } },
      { step: { do: 'click', as: 'cochair', in: 'dm', button: 'feedback-up', from: 'member' }, actor: { line: 'room.feedback_refused' } },
    ],
  },
  {
    // Last: it revokes consent on doc-assess for the rest of the file.
    name: 'approve after a revocation posts nothing',
    room: BORDER_ROOM,
    steps: [
      { step: { do: 'command', as: 'chair', in: 'room', text: 'summary Valdoria' }, actor: { includes: ['Republic of Valdoria'] } },
      { step: { do: 'revoke', document: 'doc-assess' } },
      {
        step: { do: 'click', as: 'chair', in: 'room', button: 'approve' },
        room: { nothing: true },
        actor: { line: 'room.summary_refused' },
      },
    ],
  },
];

/** The same decisions on every surface: what the room and the actor saw in one step. */
export function checkOutcome(scenario: string, index: number, outcome: StepOutcome, expected: { room?: Seen; actor?: Seen }): void {
  for (const [party, seen, texts] of [
    ['room', expected.room, outcome.room],
    ['actor', expected.actor, outcome.actor],
  ] as const) {
    if (!seen) continue;
    const label = `${scenario}, step ${index + 1}, ${party}`;
    const all = texts.join('\n');
    if (seen.nothing) expect(texts, label).toEqual([]);
    for (const text of seen.includes ?? []) expect(all, label).toContain(text);
    for (const text of seen.excludes ?? []) expect(all, label).not.toContain(text);
    if (seen.line) expect(all, label).toContain(message(seen.line, 'en'));
  }
}
