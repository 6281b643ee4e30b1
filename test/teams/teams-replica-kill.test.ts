import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, useTestDatabase } from '../helpers/test-database.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { runTeamsKillScenario } from '../helpers/teams-kill-scenario.js';
import { seedTeamsFixture } from './teams-harness.js';

// Issue 19 item 3 for Teams: 12 messages accepted by one replica, which is then killed with SIGKILL.
// PGlite is one process's database, so two replicas in two processes can only share a PostgreSQL server.
describe.skipIf(testBackend() !== 'postgres')(
  'a Teams replica killed after accepting messages (PostgreSQL only: PGlite allows one process)',
  { timeout: 120_000 },
  () => {
    const testDb = useTestDatabase({ seed: seedTeamsFixture });
    let server: RecordingServer;
    beforeAll(async () => {
      server = await startRecordingServer();
    });
    afterAll(async () => {
      await server?.close();
    });

    it('every message it accepted is answered exactly once by the other replica, within 30 s of the kill, and a retry is not answered again', async () => {
      const result = await runTeamsKillScenario({
        databaseEnv: testDb.env,
        server,
        questions: 12,
        question: 'How many border crossing points are connected to INTERPOL I-24/7 in Valdoria?',
        // Short for the test; long enough that a replica starved of CPU still renews in time (default 10 s).
        leaseSeconds: 5,
        pollMs: 250,
      });
      // A had 200'd all 12 and was waiting on its model for each: nothing was said when it died.
      expect(result.postsBeforeKill).toBe(0);
      expect(result.postsPerChannel).toEqual(Array.from({ length: 12 }, () => 1));
      expect(result.killToLastAnswerMs).toBeLessThan(30_000);
      expect(result.retryStatuses).toEqual(Array.from({ length: 12 }, () => 200));
      // Each recorded once, claimed twice (A, then B), finished; the retries made no row.
      expect(result.work).toEqual(Array.from({ length: 12 }, () => ({ done: true, attempts: 2 })));
    });
  },
);
