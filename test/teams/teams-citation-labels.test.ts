import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/index.js';
import type { TeamsActivity } from '../helpers/recording-server.js';
import { CHAIR, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';

/**
 * Per-citation sensitivity on the wire: an answer citing a restricted assessment and internal
 * recommendations reaches the recording Bot Connector with each Claim's appearance labelled from its
 * own document's classification, and the root entity labelled with the most sensitive one.
 */

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
});
afterAll(async () => {
  await h?.close();
});

type Claim = { '@type': string; position: number; appearance: { name: string; usageInfo?: Record<string, unknown> } };
type Entity = Record<string, unknown> & { citation?: Claim[]; usageInfo?: Record<string, unknown> };

async function ask(text: string): Promise<TeamsActivity> {
  const before = h.server.teamsActivities.length;
  const response = await h.post(personalMessage(h.server, CHAIR, text));
  expect(response.status).toBe(200);
  const reply = h.server.teamsActivities.slice(before).find((a) => a.kind !== 'update' && a.activity.type === 'message');
  expect(reply).toBeDefined();
  return reply!;
}

const rootOf = (reply: TeamsActivity) =>
  ((reply.activity.entities ?? []) as Entity[]).filter((e) => e.type === 'https://schema.org/Message');

describe('Teams citations carry their own sensitivity label', () => {
  it('labels each claim from its cited document’s classification, and the message with the restricted one', async () => {
    const reply = await ask('How many border crossing points are connected to INTERPOL I-24/7, and how many should Valdoria connect?');
    const roots = rootOf(reply);
    expect(roots).toHaveLength(1);
    const claims = roots[0]!.citation ?? [];
    const byTitle = new Map(
      (await h.app.db.query<{ title: string; classification: string }>('SELECT title, classification FROM documents')).rows.map((r) => [
        r.title,
        r.classification,
      ]),
    );
    const labels = new Map<string, string>();
    for (const claim of claims) {
      const classification = byTitle.get(claim.appearance.name);
      expect(classification, claim.appearance.name).toBeDefined();
      expect(claim.appearance.usageInfo).toMatchObject({
        '@type': 'CreativeWork',
        name: message(`sensitivity.${classification as 'internal'}`, 'en'),
      });
      labels.set(claim.appearance.name, String(claim.appearance.usageInfo?.name));
    }
    // Both documents are cited, and the two claims say different things.
    expect([...labels.values()].sort()).toEqual(['Internal', 'Restricted']);
    expect(roots[0]!.usageInfo).toMatchObject({
      '@type': 'CreativeWork',
      name: 'Restricted',
      description: 'Restricted — shared with the consent of Republic of Valdoria',
    });
  });
});
