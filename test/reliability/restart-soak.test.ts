// A bounded soak under the real daemon: hundreds of worker restarts and tens of graceful
// restarts, after which the daemon holds no more memory or file descriptors than after its
// warm-up, and has left no zombie.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { fixtureWorker } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import {
  logsWith,
  printCounts,
  rssMbOf,
  runCliAsync,
  startSupervised,
  waitWhileAlive,
} from './supervised.js';

const CYCLES = 500;
const WARM_UP_CYCLES = 50;
const GRACEFUL_RESTARTS = 50;
const INSTANCES = 2;
const GROWTH_BOUND = 0.1;
// About 45 s here; the bound leaves room for a machine shared by four engineers.
const CYCLES_BOUND_MS = 90_000;

interface Usage {
  rssMb: number;
  fds: number;
}

function usageOf(pid: number): Usage {
  return { rssMb: rssMbOf(pid), fds: readdirSync(`/proc/${pid}/fd`).length };
}

/**
 * The lowest of a few samples half a second apart: one sample can catch the heap just before a
 * collection, which says nothing about a leak.
 */
async function settledUsageOf(pid: number): Promise<Usage> {
  const samples: Usage[] = [];
  for (let i = 0; i < 5; i += 1) {
    samples.push(usageOf(pid));
    await sleep(500);
  }
  const rssMb = Math.min(...samples.map((sample) => sample.rssMb));
  return { rssMb, fds: Math.min(...samples.map((sample) => sample.fds)) };
}

/** Pids of the zombie processes whose parent is this one. */
function zombieChildrenOf(parent: number): number[] {
  const zombies: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone between the listing and the read
    }
    // The command name, in parentheses, may hold spaces: the fields after it are fixed.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' && Number(ppid) === parent) zombies.push(Number(entry));
  }
  return zombies;
}

/** Waits until no instance was spawned for a second: the calm ones are up. */
async function waitCalm(spawned: () => number): Promise<void> {
  for (let before = -1; before !== spawned();) {
    before = spawned();
    await sleep(1_000);
  }
}

describe('restart soak under the real daemon', function () {
  this.timeout(150_000);

  it(`keeps RSS, fds within 10 %, no zombie: ${CYCLES}+${GRACEFUL_RESTARTS} restarts`, async () => {
    const dir = makeTempDir('gs-rel-');
    const calmFile = join(dir, 'calm');
    const { supervisor, stateDir } = startSupervised(
      [
        {
          name: 'crasher',
          script: fixtureWorker('rel-exit-until-calm'),
          instances: INSTANCES,
          env: { CALM_FILE: calmFile },
          restart: 'always',
          restartDelayMs: 0,
          maxRestartDelayMs: 0,
          // A window of 0 counts no restart, so that no crash loop is ever declared.
          restartWindowMs: 0,
          graceMs: 5_000,
        },
      ],
      dir,
      // A fixed young generation: V8 grows it with the allocation rate (by tens of MB on a busy
      // machine), which would hide or fake a leak in the RSS compared here.
      { NODE_OPTIONS: '--max-semi-space-size=2' },
    );
    const spawned = () => logsWith(supervisor, 'worker spawned').length;
    const startedAt = Date.now();
    await waitWhileAlive(supervisor, () => spawned() >= WARM_UP_CYCLES);
    const warm = await settledUsageOf(supervisor.pid);
    await waitWhileAlive(supervisor, () => spawned() >= CYCLES + INSTANCES, CYCLES_BOUND_MS);
    writeFileSync(calmFile, '');
    const cyclesMs = Date.now() - startedAt;
    await waitCalm(spawned);

    const restartedAt = Date.now();
    for (let round = 0; round < GRACEFUL_RESTARTS; round += 1) {
      const result = await runCliAsync(['restart', 'crasher', '--state-dir', stateDir]);
      expect(result.status, result.stdout + result.stderr).to.equal(0);
    }
    const restartsMs = Date.now() - restartedAt;
    const end = await settledUsageOf(supervisor.pid);
    const zombies = zombieChildrenOf(supervisor.pid);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    printCounts('restart soak', {
      spawned: spawned(),
      cyclesMs,
      gracefulRestarts: GRACEFUL_RESTARTS,
      restartsMs,
      warm,
      end,
      zombies: zombies.length,
    });
    expect(exit.code, exit.stderr.slice(-800)).to.equal(0);
    expect(zombies).to.deep.equal([]);
    expect(end.rssMb).to.be.at.most(warm.rssMb * (1 + GROWTH_BOUND));
    expect(end.fds).to.be.at.most(Math.ceil(warm.fds * (1 + GROWTH_BOUND)));
  });
});
