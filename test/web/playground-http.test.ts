import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/app/load-demo-data.js';
import { loadConfig } from '../../src/config.js';
import { message } from '../../src/core/messages/index.js';
import { BUTTON_TOKEN_KEEP_MS, BUTTON_TOKEN_TTL_MS } from '../../src/core/conversation/conversation-store.js';
import { SUMMARY_REFUSAL_MESSAGE } from '../../src/core/summaries/request-summary.js';
import { pruneButtonTokens } from '../../src/db/queries/conversation-state.js';
import { createSilentLogger } from '../../src/logger.js';
import { startApp } from '../../src/main.js';
import { decidePlayground } from '../../src/web/playground-guard.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * The web surface over real HTTP on an ephemeral port: readiness, metrics, and the playground's
 * guard (same origin, loopback Host, JSON only) and mount rule. One app and database for the file.
 */

let test: TestDatabase;
let app: Awaited<ReturnType<typeof startApp>>;
const env = () => ({ ...test.env, PORT: '0', LOG_LEVEL: 'silent', REMINDERS_ENABLED: 'false' });

beforeAll(async () => {
  test = await createTestDatabase();
  // The app loads the demo into an embedded database itself; PostgreSQL gets it here.
  if (test.backend === 'postgres') await loadDemoData(test.db, createSilentLogger());
  await test.db.close();
  app = await startApp(loadConfig(env()), createSilentLogger());
});
afterAll(async () => {
  await app?.stop();
  await test?.drop();
});

const QUESTION = 'How many official land border crossing points does Lumeria have?';

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** fetch() will not send a forged Host header; node:http will, as a DNS-rebinding page's browser does. */
function rawRequest(options: { path: string; method?: string; headers: Record<string, string>; body?: string }) {
  const url = new URL(app.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

function counter(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((w) => labelText.split(',').includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('readiness and metrics', () => {
  it('is ready when the database is reachable and migrated, and says what is configured', async () => {
    const response = await fetch(`${app.url}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & {
      database: { migrationLevel: number; expectedMigrationLevel: number };
    };
    expect(body).toMatchObject({ status: 'ready', platforms: { slack: false, teams: false }, model: null, database: { reachable: true } });
    expect(body.database.migrationLevel).toBe(body.database.expectedMigrationLevel);
  });

  it('is not ready (503, with the reason) when the database is behind the code', async () => {
    const latest = await app.db.query<{ version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1',
    );
    const row = latest.rows[0]!;
    await app.db.query('DELETE FROM schema_migrations WHERE version = $1', [row.version]);
    try {
      const response = await fetch(`${app.url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; reason: string };
      expect(body.status).toBe('not_ready');
      expect(body.reason).toMatch(/migrations are behind/);
    } finally {
      await app.db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [row.version, row.name]);
    }
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });

  it('counts answers and feedback in /metrics', async () => {
    const before = await (await fetch(`${app.url}/metrics`)).text();
    const answer = (await (await post('/playground/ask', { memberId: 'mbr-demo-dvarga', channel: null, question: QUESTION })).json()) as {
      answerable: boolean;
      auditId: number;
      feedbackToken: string;
    };
    expect(answer.answerable).toBe(true);
    // Feedback names the answer by an opaque token, never its sequential audit id.
    expect(answer.feedbackToken).toMatch(/^[0-9a-f-]{36}$/);
    const vote = await post('/playground/feedback', { memberId: 'mbr-demo-dvarga', token: answer.feedbackToken, rating: 'up' });
    expect(vote.status).toBe(200);
    const stored = await app.db.query<{ rating: string; platform: string }>(
      'SELECT rating, platform FROM answer_feedback WHERE audit_id = $1',
      [answer.auditId],
    );
    expect(stored.rows).toEqual([{ rating: 'up', platform: 'web' }]);
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const after = await response.text();
    const labels = { platform: 'web', outcome: 'answered' };
    expect(counter(after, 'compact_answers_total', labels)).toBe(counter(before, 'compact_answers_total', labels) + 1);
    expect(counter(after, 'compact_feedback_total', { platform: 'web', rating: 'up' })).toBe(
      counter(before, 'compact_feedback_total', { platform: 'web', rating: 'up' }) + 1,
    );
    expect(after).toContain('compact_answer_duration_seconds_bucket');
  });

  it('rejects feedback on an answer that does not exist, by a sequential id, or by anyone but its recipient', async () => {
    expect((await post('/playground/feedback', { memberId: 'mbr-demo-dvarga', auditId: 1, rating: 'down' })).status).toBe(400);
    const unknown = await post('/playground/feedback', {
      memberId: 'mbr-demo-dvarga',
      token: '00000000-0000-0000-0000-000000000000',
      rating: 'down',
    });
    expect(unknown.status).toBe(403);
    const answer = (await (await post('/playground/ask', { memberId: 'mbr-demo-dvarga', channel: null, question: QUESTION })).json()) as {
      feedbackToken: string;
    };
    const other = await post('/playground/feedback', { memberId: 'mbr-demo-bokafor', token: answer.feedbackToken, rating: 'down' });
    expect(other.status).toBe(403);
  });
});

interface ReplyJson {
  to: 'private' | 'room' | 'channel' | 'member';
  kind: string;
  text: string;
  draftId?: string;
  replacesOrigin: boolean;
  buttons: { approve?: string; regenerate?: string; discard?: string };
}

/** One turn through /playground/turn, as the page sends its summary command and the draft's buttons. */
async function turn(memberId: string, what: unknown): Promise<ReplyJson[]> {
  const response = await post('/playground/turn', { memberId, channel: null, what });
  expect(response.status).toBe(200);
  return ((await response.json()) as { replies: ReplyJson[] }).replies;
}

const draftStatus = async (draftId: string) =>
  (await app.db.query<{ status: string }>('SELECT status FROM summary_drafts WHERE id = $1', [draftId])).rows[0]?.status;

describe('summaries in the playground go through the conversation core', () => {
  const CHAIR = 'mbr-demo-achen';
  const setGuest = (present: boolean) => post('/playground/channel/guest', { workingGroupId: 'wg-demo-border', present });

  it('refuses a non-chair, and re-reads the room at Approve: a guest in the channel means no post, with the reason', async () => {
    const refused = await turn('mbr-demo-dvarga', { kind: 'command', text: 'summary lumeria wg-demo-border' });
    expect(refused.map((r) => [r.to, r.kind, r.text])).toEqual([['private', 'line', SUMMARY_REFUSAL_MESSAGE]]);

    const [draft] = await turn(CHAIR, { kind: 'command', text: 'summary lumeria wg-demo-border' });
    expect(draft).toMatchObject({ to: 'private', kind: 'draft' });
    const draftId = draft!.draftId!;
    expect(await draftStatus(draftId)).toBe('draft');

    // The draft was made while the channel held only the group; a guest joins before the click.
    expect((await setGuest(true)).status).toBe(200);
    try {
      const approve = { kind: 'button', action: 'approve', token: draft!.buttons.approve };
      const blocked = await turn(CHAIR, approve);
      expect(blocked.map((r) => [r.to, r.kind, r.text])).toEqual([['private', 'line', message('room.summary_outsiders', 'en')]]);
      expect(await draftStatus(draftId)).toBe('draft');

      await setGuest(false);
      const posted = await turn(CHAIR, approve);
      expect(posted.filter((r) => r.to === 'channel').map((r) => [r.kind, r.draftId])).toEqual([['summary', draftId]]);
      expect(posted.find((r) => r.to === 'private')).toMatchObject({ kind: 'line', replacesOrigin: true });
      expect(await draftStatus(draftId)).toBe('posted');
      const channel = (await (await post('/playground/channel', { workingGroupId: 'wg-demo-border' })).json()) as {
        posts: { draftId: string; withdrawn: boolean }[];
      };
      expect(channel.posts.map((p) => [p.draftId, p.withdrawn])).toContainEqual([draftId, false]);
    } finally {
      await setGuest(false);
    }
  }, 60_000);

  it('regenerates in place of the old draft (which can no longer be approved) and discards', async () => {
    const [first] = await turn(CHAIR, { kind: 'command', text: 'summary lumeria wg-demo-border' });
    const [second] = await turn(CHAIR, { kind: 'button', action: 'regenerate', token: first!.buttons.regenerate });
    expect(second).toMatchObject({ to: 'private', kind: 'draft', replacesOrigin: true });
    expect(second!.draftId).not.toBe(first!.draftId);
    expect(await draftStatus(first!.draftId!)).toBe('discarded');
    const stale = await turn(CHAIR, { kind: 'button', action: 'approve', token: first!.buttons.approve });
    expect(stale.some((r) => r.to === 'channel')).toBe(false);

    const discarded = await turn(CHAIR, { kind: 'button', action: 'discard', token: second!.buttons.discard });
    expect(discarded).toEqual([expect.objectContaining({ to: 'private', kind: 'line', replacesOrigin: true })]);
    expect(await draftStatus(second!.draftId!)).toBe('discarded');
  }, 60_000);

  it('tells a French-speaking chair, in French, why a summary or a review step was refused', async () => {
    const speaksFrench = (memberId: string) =>
      app.db.query(
        `INSERT INTO member_languages (member_id, language) VALUES ($1, 'fr') ON CONFLICT (member_id) DO UPDATE SET language = 'fr'`,
        [memberId],
      );
    await speaksFrench('mbr-demo-dvarga');
    await speaksFrench(CHAIR);
    try {
      const refused = await turn('mbr-demo-dvarga', { kind: 'command', text: 'summary lumeria wg-demo-border' });
      expect(refused.map((r) => [r.kind, r.text])).toEqual([['line', message('summary.request_refused', 'fr')]]);

      const [draft] = await turn(CHAIR, { kind: 'command', text: 'summary lumeria wg-demo-border' });
      const draftId = draft!.draftId!;
      await turn(CHAIR, { kind: 'button', action: 'discard', token: draft!.buttons.discard });
      const approveDiscarded = await turn(CHAIR, { kind: 'button', action: 'approve', token: draft!.buttons.approve });
      expect(approveDiscarded.map((r) => [r.kind, r.text])).toEqual([
        ['line', message('summary.review_already_discarded', 'fr', { draft: draftId })],
      ]);
      const discardAgain = await turn(CHAIR, { kind: 'button', action: 'discard', token: draft!.buttons.discard });
      expect(discardAgain.map((r) => r.text)).toEqual([message('summary.review_already_discarded', 'fr', { draft: draftId })]);
      expect(discardAgain[0]!.text).toContain('a été abandonné');
    } finally {
      await app.db.query(`DELETE FROM member_languages WHERE member_id = ANY($1::text[])`, [['mbr-demo-dvarga', CHAIR]]);
    }
  }, 60_000);

  it('an expired button does nothing and says so in the member’s language; the sweep drops tokens long past expiry', async () => {
    await app.db.query(
      `INSERT INTO member_languages (member_id, language) VALUES ($1, 'es') ON CONFLICT (member_id) DO UPDATE SET language = 'es'`,
      [CHAIR],
    );
    try {
      const [draft] = await turn(CHAIR, { kind: 'command', text: 'summary lumeria wg-demo-border' });
      const token = draft!.buttons.approve!;
      // Shown 31 days ago: past BUTTON_TOKEN_TTL_MS.
      await app.db.query(`UPDATE button_tokens SET created_at = now() - interval '31 days' WHERE token = $1`, [token]);
      const clicked = await turn(CHAIR, { kind: 'button', action: 'approve', token });
      expect(clicked.map((r) => [r.to, r.kind, r.text])).toEqual([
        ['private', 'line', message('chat.button_expired', 'es', { days: BUTTON_TOKEN_TTL_MS / 86_400_000 })],
      ]);
      expect(await draftStatus(draft!.draftId!)).toBe('draft');

      expect(await pruneButtonTokens(app.db, BUTTON_TOKEN_KEEP_MS)).toBe(0);
      await app.db.query(`UPDATE button_tokens SET created_at = now() - interval '61 days' WHERE token = $1`, [token]);
      expect(await pruneButtonTokens(app.db, BUTTON_TOKEN_KEEP_MS)).toBe(1);
      const gone = await turn(CHAIR, { kind: 'button', action: 'approve', token });
      expect(gone.some((r) => r.to === 'channel')).toBe(false);
    } finally {
      await app.db.query(`DELETE FROM member_languages WHERE member_id = $1`, [CHAIR]);
    }
  }, 60_000);
});

describe('the playground can only be driven from itself', () => {
  it('refuses a cross-origin request (403), even a simple one', async () => {
    const response = await post('/playground/ask', { memberId: 'mbr-demo-dvarga', question: QUESTION }, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect((await fetch(`${app.url}/`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('refuses a Host that is not its own loopback address (DNS rebinding), 403', async () => {
    const port = new URL(app.url).port;
    const body = JSON.stringify({ memberId: 'mbr-demo-dvarga', question: QUESTION });
    for (const host of ['evil.example.com', `evil.example.com:${port}`, '127.0.0.1:1']) {
      const response = await rawRequest({
        path: '/playground/ask',
        method: 'POST',
        headers: { host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
      });
      expect(response.status, host).toBe(403);
    }
    expect((await rawRequest({ path: '/', headers: { host: 'evil.example.com' } })).status).toBe(403);
    // Its own address and localhost are fine.
    expect((await rawRequest({ path: '/', headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it('refuses a body that is not JSON (415), as a cross-site text/plain form would send', async () => {
    const answered = async () =>
      (await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE platform = 'web'")).rows[0]?.n;
    const before = await answered();
    const response = await fetch(`${app.url}/playground/ask`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ memberId: 'mbr-demo-dvarga', question: QUESTION }),
    });
    expect(response.status).toBe(415);
    expect((await fetch(`${app.url}/playground/ask`, { method: 'POST' })).status).toBe(415);
    expect(await answered()).toBe(before);
  });

  it('refuses an unknown channel as `ask --channel` does (400), in questions and in the access view', async () => {
    const ask = await post('/playground/ask', { memberId: 'mbr-demo-dvarga', channel: 'wg-nope', question: QUESTION });
    expect(ask.status).toBe(400);
    expect(((await ask.json()) as { error: string }).error).toMatch(/No working group with id 'wg-nope'/);
    expect((await post('/playground/scope', { memberId: 'mbr-demo-dvarga', channel: 'wg-nope' })).status).toBe(400);
  });

  it('shows the same scope as `access check`, narrower in a channel', async () => {
    const scope = async (channel: string | null) =>
      (await (await post('/playground/scope', { memberId: 'mbr-demo-dvarga', channel })).json()) as {
        memberStates: { memberState: string; documents: { documentId: string }[] }[];
      };
    const ids = (result: Awaited<ReturnType<typeof scope>>) => result.memberStates.flatMap((s) => s.documents.map((d) => d.documentId));
    const dm = ids(await scope(null));
    const channel = ids(await scope('wg-demo-border'));
    expect(dm).toContain('demo-lum-training-2026');
    expect(channel).not.toContain('demo-lum-training-2026');
    expect(channel.every((id) => dm.includes(id))).toBe(true);
    // A guest in the channel: answers there go to the asker privately, from the asker's own scope.
    await post('/playground/channel/guest', { workingGroupId: 'wg-demo-border', present: true });
    try {
      expect(ids(await scope('wg-demo-border')).sort()).toEqual([...dm].sort());
    } finally {
      await post('/playground/channel/guest', { workingGroupId: 'wg-demo-border', present: false });
    }
  });
});

describe('where the playground is mounted', () => {
  it('is off on a non-loopback address, and `/` says why', async () => {
    const other = await startApp(
      loadConfig({
        DATA_DIR: 'memory',
        DATABASE_URL: '',
        DEMO_DATA: 'false',
        HOST: '0.0.0.0',
        PORT: '0',
        LOG_LEVEL: 'silent',
        REMINDERS_ENABLED: 'false',
      }),
      createSilentLogger(),
    );
    try {
      const base = `http://127.0.0.1:${new URL(other.url).port}`;
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(404);
      expect(await page.text()).toMatch(/playground is disabled: HOST=0\.0\.0\.0 is not a loopback address/);
      expect(
        (await fetch(`${base}/playground/directory`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }))
          .status,
      ).toBe(404);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await other.stop();
    }
    // A whole app on a fresh in-memory cluster: initdb and every migration, which alone takes seconds.
  }, 60_000);

  it('is off with Slack or Teams credentials or outside local mode, unless PLAYGROUND=on', () => {
    const base = { mode: 'local' as const, host: '127.0.0.1', playground: 'auto' as const, slack: {}, teams: {} };
    expect(decidePlayground(base).mounted).toBe(true);
    expect(decidePlayground({ ...base, slack: { botToken: 'xoxb-1' } })).toMatchObject({ mounted: false, reason: /credentials/ });
    expect(decidePlayground({ ...base, teams: { appId: 'app' } }).mounted).toBe(false);
    expect(decidePlayground({ ...base, mode: 'production' }).mounted).toBe(false);
    expect(decidePlayground({ ...base, playground: 'off' }).mounted).toBe(false);
    expect(
      decidePlayground({ ...base, mode: 'production', host: '0.0.0.0', slack: { botToken: 'xoxb-1' }, playground: 'on' }).mounted,
    ).toBe(true);
  });
});

describe('readiness without a database', () => {
  it('answers 503 when the database is unreachable', async () => {
    await app.db.close();
    const response = await fetch(`${app.url}/readyz`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { reason: string }).reason).toMatch(/unreachable/);
  });
});
