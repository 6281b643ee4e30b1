import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/logger.js';
import { createBackgroundWork } from '../../src/slack/background-work.js';

/** Lets the queue take every step it can without a timer firing. */
async function settle() {
  for (let i = 0; i < 20; i += 1) await nextTurn();
}

describe('work after acks', () => {
  it('waits while a Slack request is waiting for its ack, then runs every task', async () => {
    const work = createBackgroundWork(createSilentLogger(), { concurrency: 2, maxDeferMs: 60_000 });
    const ran: string[] = [];
    const answered = work.ackPending();
    for (const name of ['a', 'b', 'c']) {
      work.run(name, async () => {
        ran.push(name);
      });
    }
    await settle();
    expect(ran).toEqual([]);
    expect(work.backlog()).toBe(3);
    answered();
    answered(); // idempotent: a response emits both 'finish' and 'close'
    await work.idle();
    // Two run at once and each waits out the quiet period on its own timer: any order.
    expect([...ran].sort()).toEqual(['a', 'b', 'c']);
    expect(work.backlog()).toBe(0);
  });

  it('waits no longer than maxDeferMs while acks keep coming', async () => {
    const work = createBackgroundWork(createSilentLogger(), { maxDeferMs: 0 });
    work.ackPending(); // never answered
    let ran = false;
    work.run('task', async () => {
      ran = true;
    });
    await work.idle();
    expect(ran).toBe(true);
  });

  it('keeps going after a task fails', async () => {
    const work = createBackgroundWork(createSilentLogger());
    let ran = false;
    work.run('fails', () => Promise.reject(new Error('boom')));
    work.run('next', async () => {
      ran = true;
    });
    await work.idle();
    expect(ran).toBe(true);
  });
});
