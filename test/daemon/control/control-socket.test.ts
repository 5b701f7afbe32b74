import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { expect } from 'chai';

import { MAX_BAD_FRAMES, MAX_FRAME_BYTES } from '../../../daemon/index.js';
import { fixtureWorker, repoRoot } from '../../support/paths.js';
import { runCli } from '../../support/run-cli.js';
import { SupervisorProcess } from '../../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../../support/temp-dir.js';
import { RawControlClient } from './raw-control-client.js';

const NOBODY = 65534;

async function startDaemon(): Promise<{ supervisor: SupervisorProcess; stateDir: string }> {
  const dir = makeTempDir();
  const config = writeConfig(dir, {
    stateDir: 'state',
    workers: [{ name: 'jobs', script: fixtureWorker('slow-task'), instances: 2 }],
  });
  const supervisor = SupervisorProcess.start(config);
  await supervisor.waitReady(2);
  return { supervisor, stateDir: join(dir, 'state') };
}

/** Inodes of the TCP sockets in LISTEN state (st 0A), over IPv4 and IPv6. */
function listeningTcpInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && fields[9] !== undefined) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** Inodes of every socket the process holds open. */
function socketInodesOf(pid: number): string[] {
  return readdirSync(`/proc/${pid}/fd`)
    .map((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .flatMap((link) => /^socket:\[(\d+)\]$/.exec(link)?.slice(1) ?? []);
}

/** Tries to connect from a process running as another user; returns its error code. */
function connectAs(uid: number, socketPath: string): string {
  const script =
    `const s = require('node:net').connect(${JSON.stringify(socketPath)});` +
    "s.on('connect', () => { console.log('connected'); s.destroy(); });" +
    "s.on('error', (e) => console.log(e.code));";
  const result = spawnSync(process.execPath, ['-e', script], { uid, gid: uid, encoding: 'utf8' });
  return result.stdout.trim() || result.stderr.trim();
}

/** Every kind of frame a confused or hostile client might send, none of them a real request. */
function hostileFrames(count: number): (string | Buffer)[] {
  const kinds: (string | Buffer)[] = [
    '{"id": 1, "method": ',
    'not json at all',
    '[]',
    'null',
    '"status"',
    '{"method": "status"}',
    `{"id": "${'x'.repeat(500)}", "method": "status"}`,
    '{"id": 2, "method": 42}',
    '{"id": 3, "method": "__proto__"}',
    '{"id": 4, "method": "constructor"}',
    '{"id": 5, "method": "status", "params": [1]}',
    '{"id": 6, "method": "status", "params": {"all": true}}',
    '{"id": 7, "method": "stop", "params": {"force": "yes"}}',
    '{"id": 8, "method": "subscribe", "params": {"topics": ["everything"]}}',
    '{"id": 9, "method": "restart", "params": {"name": "../../etc/passwd"}}',
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    Buffer.from([0xde, 0xad, 0xbe, 0xef]),
  ];
  return Array.from({ length: count }, (_unused, index) => kinds[index % kinds.length]!);
}

describe('control socket (real daemon)', function () {
  this.timeout(30_000);

  it('is a 0600 socket of ours in a 0700 directory, and no TCP port is listening', async () => {
    const { supervisor, stateDir } = await startDaemon();
    const socketPath = join(stateDir, 'supervisor.sock');

    const socket = statSync(socketPath);
    expect(socket.isSocket()).to.equal(true);
    expect(socket.mode & 0o777).to.equal(0o600);
    expect(socket.uid).to.equal(process.getuid!());
    expect(statSync(stateDir).mode & 0o777).to.equal(0o700);
    const listening = listeningTcpInodes();
    const tcp = socketInodesOf(supervisor.pid).filter((inode) => listening.has(inode));
    expect(tcp, 'TCP listening sockets of the daemon').to.deep.equal([]);
  });

  it('refuses a connection from another user', async function () {
    if (process.getuid!() !== 0) {
      console.log('      skipped: switching to another uid needs root');
      this.skip();
    }
    const { stateDir } = await startDaemon();

    // The 0700 directory stops the other user before the socket's own 0600 mode is reached.
    expect(connectAs(NOBODY, join(stateDir, 'supervisor.sock'))).to.equal('EACCES');
    expect(connectAs(0, join(stateDir, 'supervisor.sock'))).to.equal('connected');
  });

  it('answers a request with its id, and a bad one with an error code', async () => {
    const { stateDir } = await startDaemon();
    const client = await RawControlClient.connect(join(stateDir, 'supervisor.sock'));

    const status = await client.call(1, 'status');
    const unknown = await client.call('two' as unknown as number, 'dance');
    const badParams = await client.call(3, 'status', { verbose: true });
    const reload = await client.call(4, 'reload', { names: ['jobs'] });
    const restart = await client.call(5, 'restart', { name: 'jobs' });
    client.close();

    expect(status.result).to.have.nested.property('workers[1].state', 'ready');
    expect(unknown).to.deep.include({ id: 'two' });
    expect(unknown.error?.code).to.equal('ERR_UNKNOWN_METHOD');
    expect(badParams.error).to.deep.equal({
      code: 'ERR_INVALID_PARAMS',
      message: 'unknown params: verbose',
    });
    // jobs holds no port, so its new instance can start beside the old one.
    expect(reload.result).to.deep.include({ ok: true, replaced: ['jobs#0', 'jobs#1'] });
    expect(restart.result).to.deep.include({ ok: true, replaced: ['jobs#0', 'jobs#1'] });
  });

  it('starts requests in arrival order: a subscribe sent with a stop sees it begin', async () => {
    const { supervisor, stateDir } = await startDaemon();
    const client = await RawControlClient.connect(join(stateDir, 'supervisor.sock'));

    // Back to back, as the CLI sends them: no waiting for the subscription's reply.
    client.ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { topics: ['state'] } }));
    client.ws.send(JSON.stringify({ id: 2, method: 'stop' }));
    const stopReply = await client.waitFor((frame) => frame.id === 2);
    await supervisor.exited;

    expect(stopReply.result).to.deep.include({ outcome: 'clean' });
    const types = client.frames.map((frame) => frame.event?.type ?? `reply ${String(frame.id)}`);
    expect(types).to.include.members(['reply 1', 'shutdown-started', 'shutdown-finished']);
    expect(types.indexOf('shutdown-started')).to.be.below(types.indexOf('reply 2'));
  });

  it('survives 1,000 malformed or hostile messages and still answers status', async () => {
    const { supervisor, stateDir } = await startDaemon();
    const socketPath = join(stateDir, 'supervisor.sock');
    const frames = hostileFrames(1000);

    // Ten connections of a hundred each: every bad frame gets an error reply, and the hundredth
    // closes the connection (1008).
    const closes: number[] = [];
    for (let start = 0; start < frames.length; start += MAX_BAD_FRAMES) {
      const client = await RawControlClient.connect(socketPath);
      for (const frame of frames.slice(start, start + MAX_BAD_FRAMES)) client.ws.send(frame);
      closes.push((await client.closed).code);
      expect(client.frames.length).to.equal(MAX_BAD_FRAMES);
      expect(client.frames.every((frame) => frame.error !== undefined)).to.equal(true);
    }
    const oversized = await RawControlClient.connect(socketPath);
    oversized.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    const oversizedClose = await oversized.closed;
    const garbage = createConnection(socketPath);
    garbage.end('\u0000\u0001 this is not HTTP\r\n\r\n');
    await new Promise((resolve) => garbage.once('close', resolve));

    expect(closes).to.deep.equal(Array(10).fill(1008));
    expect(oversizedClose.code).to.equal(1009);
    const status = runCli(['status', '--state-dir', stateDir, '--json']);
    expect(status.status, status.stderr).to.equal(0);
    expect(JSON.parse(status.stdout)).to.have.nested.property('workers[0].state', 'ready');
    const misuse = supervisor.logs.filter((line) => line.msg === 'control client misbehaved');
    const kinds = misuse.map((line) => line.misuse);
    expect(kinds, 'each kind logged once').to.have.lengthOf(new Set(kinds).size);
    expect(kinds).to.include.members(['malformed-json', 'unknown-method', 'oversized-frame']);
  });

  it('a second daemon on the same state directory exits 1, the first keeps running', async () => {
    const { stateDir } = await startDaemon();
    const config = writeConfig(makeTempDir(), {
      stateDir,
      workers: [{ name: 'other', script: fixtureWorker('slow-task') }],
    });

    const second = runCli(['start', config], { cwd: repoRoot });

    expect(second.status).to.equal(1);
    expect(second.stderr).to.match(
      /^supervisor: another supervisor \(pid \d+\) is already running/m,
    );
    expect(runCli(['status', '--state-dir', stateDir]).status).to.equal(0);
  });
});
