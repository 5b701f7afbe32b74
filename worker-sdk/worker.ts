// The drain coordinator: what `createWorker()` returns. It owns the order of a drain (HTTP,
// then tasks, then resources in reverse) and the time budget of each step.
import type { Server as HttpServer } from 'node:http';

import { Deadline, raceTimeout, TIMED_OUT } from './deadline.js';
import { HttpTracker, type HttpDrainResult, type TrackServerOptions } from './http-tracker.js';
import type {
  DrainReason,
  DrainReport,
  ProgressPhase,
  StepReport,
  WorkerMessage,
} from './protocol.js';
import {
  awaitTask,
  closeResource,
  startTask,
  type CloseFunction,
  type RunningTask,
  type TaskFunction,
} from './steps.js';
import { validateName, validateServer, validateTimeout, WorkerError } from './validate.js';

export type WorkerState = 'starting' | 'ready' | 'draining' | 'drained';

export interface ResourceOptions {
  /** How long closing this resource may take; default 5000 ms, never past the deadline. */
  timeoutMs?: number;
}

/** Where the worker sends messages: the supervisor, or nowhere when standalone. */
export interface WorkerTransport {
  send(message: WorkerMessage): Promise<boolean>;
  readonly connected: boolean;
}

export interface DrainRequest {
  reason?: DrainReason;
  /** Epoch ms by which the drain must be over; defaults to now + the worker's grace. */
  deadline?: number;
}

export interface WorkerSettings {
  graceMs: number;
  transport: WorkerTransport;
  /** Called once with the final report, after it has been delivered. */
  onDrained(report: DrainReport): Promise<void> | void;
}

interface Resource {
  name: string;
  close: CloseFunction;
  timeoutMs: number;
}

const DEFAULT_RESOURCE_TIMEOUT_MS = 5000;
/** At most this share of the budget is held back from HTTP and tasks for closing resources. */
const CLOSE_SHARE = 0.2;

/** Time kept back from the supervisor's deadline to deliver the report before it escalates. */
function reportReserveMs(budgetMs: number): number {
  return Math.min(1000, Math.max(50, Math.round(budgetMs * 0.1)));
}

function isClean(http: HttpDrainResult, steps: StepReport[]): boolean {
  const httpClean = http.socketsForced === 0 && http.cutRequests.length === 0;
  return httpClean && steps.every((step) => step.outcome === 'done');
}

export class Worker {
  readonly #settings: WorkerSettings;
  readonly #controller = new AbortController();
  readonly #trackers: HttpTracker[] = [];
  readonly #tasks: RunningTask[] = [];
  readonly #resources: Resource[] = [];
  readonly #names = new Set<string>();
  #state: WorkerState = 'starting';
  #drain: Promise<DrainReport> | undefined;

  constructor(settings: WorkerSettings) {
    this.#settings = settings;
  }

  /** Aborted when the drain begins: hand it to loops, streams and long requests. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get state(): WorkerState {
    return this.#state;
  }

  /** Drains this server first: stop accepting, finish in-flight requests, close its sockets. */
  trackServer(server: HttpServer, options: TrackServerOptions = {}): this {
    this.#throwIfDraining('trackServer');
    validateServer(server);
    if (options.idleGraceMs !== undefined) validateTimeout('idleGraceMs', options.idleGraceMs);
    this.#trackers.push(new HttpTracker(server, options));
    return this;
  }

  /** Starts a background loop now; the drain waits for it after HTTP is idle. */
  addTask(name: string, fn: TaskFunction): this {
    this.#throwIfDraining('addTask');
    this.#claimName('task', name);
    if (typeof fn !== 'function') throw new TypeError(`task "${name}": fn must be a function`);
    this.#tasks.push(startTask(name, fn, this.signal));
    return this;
  }

  /** Registers something to close last (pools, clients), in reverse order of registration. */
  addResource(name: string, close: CloseFunction, options: ResourceOptions = {}): this {
    this.#throwIfDraining('addResource');
    this.#claimName('resource', name);
    if (typeof close !== 'function') {
      throw new TypeError(`resource "${name}": close must be a function`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_RESOURCE_TIMEOUT_MS;
    validateTimeout(`resource "${name}" timeoutMs`, timeoutMs);
    this.#resources.push({ name, close, timeoutMs });
    return this;
  }

  /** Tells the supervisor this worker can take traffic. */
  ready(): void {
    if (this.#state !== 'starting') return;
    this.#state = 'ready';
    void this.#settings.transport.send({ supervisor: 1, type: 'ready' });
  }

  /** Runs the drain once; later calls (a second drain message, a signal) join the first. */
  drain(request: DrainRequest = {}): Promise<DrainReport> {
    this.#drain ??= this.#runDrain(request);
    return this.#drain;
  }

  async #runDrain(request: DrainRequest): Promise<DrainReport> {
    // The drain's own timers are unref'd; this one keeps the process alive until the report is
    // out, even when closing the servers leaves nothing else running.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      return await this.#drainInOrder(request);
    } finally {
      clearInterval(keepAlive);
    }
  }

  async #drainInOrder(request: DrainRequest): Promise<DrainReport> {
    const startedAt = Date.now();
    const reason = request.reason ?? 'shutdown';
    const supervisorDeadline = new Deadline(request.deadline ?? startedAt + this.#settings.graceMs);
    const budgetMs = supervisorDeadline.remainingMs();
    const finalDeadline = supervisorDeadline.earlierBy(reportReserveMs(budgetMs));
    const httpDeadline = finalDeadline.earlierBy(this.#closeBudgetMs(budgetMs));

    this.#state = 'draining';
    this.#controller.abort(new WorkerError('ERR_WORKER_DRAINING', `draining (${reason})`));
    this.#progress('drain-received', { reason, deadline: supervisorDeadline.at });

    const http = await this.#drainHttp(httpDeadline);
    const tasks = await Promise.all(
      this.#tasks.map((task) => awaitTask(task, startedAt, httpDeadline.remainingMs())),
    );
    this.#progress('tasks-done', { tasks });
    const resources = await this.#closeResources(finalDeadline);

    const steps = [...tasks, ...resources];
    const report: DrainReport = {
      reason,
      startedAt,
      durationMs: Date.now() - startedAt,
      http,
      tasks,
      resources,
      clean: isClean(http, steps),
    };
    await this.#settings.transport.send({ supervisor: 1, type: 'drained', report });
    this.#state = 'drained';
    await this.#settings.onDrained(report);
    return report;
  }

  /** Resources get up to CLOSE_SHARE of the budget, or less if their timeouts add up to less. */
  #closeBudgetMs(budgetMs: number): number {
    const wanted = this.#resources.reduce((sum, resource) => sum + resource.timeoutMs, 0);
    return Math.min(wanted, Math.round(budgetMs * CLOSE_SHARE));
  }

  async #drainHttp(deadline: Deadline): Promise<HttpDrainResult> {
    const inflight = this.#trackers.reduce((sum, tracker) => sum + tracker.startDrain(), 0);
    this.#progress('http-closed', { inflight, servers: this.#trackers.length });

    const idle = Promise.all(this.#trackers.map((tracker) => tracker.waitIdle()));
    const timedOut = (await raceTimeout(idle, deadline.remainingMs())) === TIMED_OUT;
    const results = this.#trackers.map((tracker) =>
      timedOut ? tracker.forceClose() : tracker.result(),
    );
    const http = mergeHttpResults(results);
    this.#progress('http-idle', {
      completed: http.completedDuringDrain,
      socketsForced: http.socketsForced,
      cutRequests: http.cutRequests.length,
    });
    return http;
  }

  async #closeResources(deadline: Deadline): Promise<StepReport[]> {
    const reports: StepReport[] = [];
    for (const resource of [...this.#resources].reverse()) {
      const ms = Math.min(resource.timeoutMs, deadline.remainingMs());
      const report = await closeResource(resource.name, resource.close, ms);
      this.#progress('resource-closed', { ...report });
      reports.push(report);
    }
    return reports;
  }

  #progress(phase: ProgressPhase, detail: Record<string, unknown>): void {
    void this.#settings.transport.send({
      supervisor: 1,
      type: 'progress',
      phase,
      at: Date.now(),
      detail,
    });
  }

  #claimName(kind: string, name: string): void {
    validateName(kind, name);
    if (this.#names.has(name)) throw new TypeError(`${kind} name "${name}" is already used`);
    this.#names.add(name);
  }

  #throwIfDraining(method: string): void {
    if (this.#state === 'draining' || this.#state === 'drained') {
      throw new WorkerError('ERR_WORKER_DRAINING', `${method}() called after the drain began`);
    }
  }
}

function mergeHttpResults(results: HttpDrainResult[]): HttpDrainResult {
  return {
    inflightAtDrain: results.reduce((sum, r) => sum + r.inflightAtDrain, 0),
    completedDuringDrain: results.reduce((sum, r) => sum + r.completedDuringDrain, 0),
    socketsForced: results.reduce((sum, r) => sum + r.socketsForced, 0),
    cutRequests: results.flatMap((r) => r.cutRequests),
  };
}
