import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createSilentLogger } from '../src/logger.js';
import { startApp } from '../src/main.js';
import { migrationLevel } from '../src/db/migrate.js';
import { collectDatabaseStatus } from '../src/db/queries/status.js';
import { useTestDatabase } from './helpers/test-database.js';
import { runCliProcess } from './helpers/run-cli.js';

const test = useTestDatabase();
beforeAll(async () => {
  await test.db.close(); // the app opens it itself
});

describe('startApp', () => {
  it('serves /healthz with the migration level and loads the demo directory into an empty embedded database', async () => {
    const config = loadConfig({ ...test.env, PORT: '0', LOG_LEVEL: 'silent', REMINDERS_ENABLED: 'false' });
    const app = await startApp(config, createSilentLogger());
    try {
      const response = await fetch(`${app.url}/healthz`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ status: 'ok', database: { reachable: true }, migrationLevel: await migrationLevel(app.db) });
      const status = await collectDatabaseStatus(app.db);
      expect(status.counts.members).toBe(test.backend === 'pglite' ? 10 : 0);
      expect(status.counts.documents).toBe(test.backend === 'pglite' ? 13 : 0);
      expect(status.counts.reminders).toBe(test.backend === 'pglite' ? 4 : 0);
      expect((await fetch(`${app.url}/nope`)).status).toBe(404);

      // The playground answers through the same scoped path, and refuses malformed requests.
      const page = await fetch(`${app.url}/`);
      expect(await page.text()).toContain('local playground');
      const directory = await fetch(`${app.url}/playground/directory`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const members = ((await directory.json()) as { members: { id: string }[] }).members;
      expect(members.length).toBe(status.counts.members);
      if (test.backend === 'pglite') {
        const ask = (memberId: string, channel: string | null) =>
          fetch(`${app.url}/playground/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ memberId, channel, question: 'How many official land border crossing points does Lumeria have?' }),
          }).then((r) => r.json() as Promise<{ answerable: boolean; answer: string; citations: { documentId: string }[] }>);
        const member = await ask('mbr-demo-dvarga', null);
        expect(member.answerable).toBe(true);
        expect(member.citations.map((c) => c.documentId)).toContain('demo-lum-assess-2026');
        // No working group: the group-only assessment does not exist for this member.
        const outsider = await ask('mbr-demo-eobi', null);
        expect(outsider.citations.map((c) => c.documentId)).not.toContain('demo-lum-assess-2026');
        expect(outsider.answer).not.toContain('14 official land border');
        const audit = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE platform = 'web'");
        expect(audit.rows[0]?.n).toBe(2);
      }
      const bad = await fetch(`${app.url}/playground/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'not json',
      });
      expect(bad.status).toBe(400);
    } finally {
      await app.stop();
    }
  });
});

describe('demo data on restart', () => {
  it('upgrades an existing demo database in place, and a second start changes nothing', async () => {
    if (test.backend !== 'pglite') return; // demo data is loaded into the embedded database only
    const config = loadConfig({ ...test.env, PORT: '0', LOG_LEVEL: 'silent', REMINDERS_ENABLED: 'false' });
    // An older demo: drop what this version added; the next start must bring it back.
    const first = await startApp(config, createSilentLogger());
    await first.db.query("DELETE FROM memberships WHERE member_id = 'mbr-demo-jwong'");
    await first.db.query("DELETE FROM chat_identities WHERE member_id = 'mbr-demo-jwong'");
    await first.db.query("DELETE FROM members WHERE id = 'mbr-demo-jwong'");
    await first.db.query("DELETE FROM documents WHERE id = 'demo-qam-brief-2026'");
    const before = await first.db.query<{ id: string; ingested_at: Date }>(
      "SELECT id, ingested_at FROM documents WHERE id = 'demo-lum-ta-2026'",
    );
    await first.stop();
    const second = await startApp(config, createSilentLogger());
    try {
      const status = await collectDatabaseStatus(second.db);
      expect(status.counts).toMatchObject({ members: 10, documents: 13, reminders: 4 });
      // Unchanged documents are not re-ingested (same content hash).
      const after = await second.db.query<{ ingested_at: Date }>("SELECT ingested_at FROM documents WHERE id = 'demo-lum-ta-2026'");
      expect(after.rows[0]?.ingested_at.getTime()).toBe(before.rows[0]?.ingested_at.getTime());
    } finally {
      await second.stop();
    }
  });
});

// Through the real binary in its own process: what an administrator's shell sees, exit codes included.
describe('environment failures', { timeout: 60_000 }, () => {
  it('names the host but never the password when PostgreSQL is unreachable, exit code 1', async () => {
    const result = await runCliProcess(['status'], { DATABASE_URL: 'postgres://admin:hunter2@127.0.0.1:1/compact' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/compact/);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('refuses an invalid configuration with every problem listed, exit code 2', async () => {
    const result = await runCliProcess(['status'], { PORT: 'x', LLM_EGRESS: 'nowhere' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT[\s\S]*LLM_EGRESS/);
  });
});
