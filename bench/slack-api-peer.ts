/**
 * Slack's side for the ack benchmark, in a process of its own (as Slack is on another machine): the
 * recording server answering the Web API and response_url posts. Prints its URL, then serves until
 * its standard input closes.
 */
import { startRecordingServer } from '../test/helpers/recording-server.js';

const server = await startRecordingServer();
server.route('POST', /^\/respond\//, () => ({ status: 200, body: { ok: true } }));
// Nothing is asserted on: forget what was recorded so memory stays flat over a long run.
server.onRequest(() => server.reset());
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
