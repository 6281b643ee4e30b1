import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { runKillScenario } from '../helpers/slack-kill-scenario.js';
import { seedSlackFixture } from './slack-harness.js';

// Issue 19 item 3: 12 DMs acked by one replica, which is then killed with SIGKILL. PGlite is one
// process's database, so two replicas in two processes can only share a PostgreSQL server.
describe.skipIf(testBackend() !== 'postgres')(
  'a replica killed after acking questions (PostgreSQL only: PGlite allows one process)',
  { timeout: 120_000 },
  () => {
    const testDb = useTestDatabase({ seed: seedSlackFixture });
    let server: RecordingServer;
    beforeAll(async () => {
      server = await startRecordingServer();
    });
    afterAll(async () => {
      await server?.close();
    });

    it('every question it acked is answered exactly once by the other replica, within 30 s of the kill', async () => {
      // A lease of 5 s (renewed every 1.7 s): short for the test, long enough that a replica starved of
      // CPU on a busy machine still renews in time (the production default is 10 s).
      const result = await runKillScenario({ databaseEnv: testDb.env, server, questions: 12, leaseSeconds: 5, pollMs: 250 });
      // A acked all 12 and was waiting on its model for 8 of them: nothing was out when it died.
      expect(result.postsBeforeKill).toBe(0);
      expect(result.postsPerChannel).toEqual(Array.from({ length: 12 }, () => 1));
      expect(result.killToLastAnswerMs).toBeLessThan(30_000);
      // Each recorded once, claimed twice (A, then B), finished.
      expect(result.work).toEqual(Array.from({ length: 12 }, () => ({ done: true, attempts: 2 })));
    });
  },
);
