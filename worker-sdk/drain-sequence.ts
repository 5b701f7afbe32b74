// One drain, in order and on budget: HTTP and upgraded connections, then tasks (both until the
// soft deadline), then open transactions, then resources in reverse order of registration
// (until the final deadline), then the report.
import { Deadline, raceTimeout, TIMED_OUT } from './deadline.js';
import type { ManagedResource } from './managed-resource.js';
import type {
  CancelledQuery,
  DrainReason,
  DrainReport,
  ProgressPhase,
  StepReport,
  WebSocketReport,
} from './protocol.js';
import { mergeHttpResults, type HttpDrainResult, type ServerTracker } from './server-tracker.js';
import { awaitTask, type RunningTask } from './steps.js';
import type { TransactionRegistry } from './transactions.js';
import type { WebSocketTracker } from './websocket-tracker.js';

/** Everything a worker registered, and where its progress goes. */
export interface DrainParts {
  servers: ServerTracker[];
  webSockets: WebSocketTracker[];
  tasks: RunningTask[];
  /** Present once a database was tracked. */
  transactions: TransactionRegistry | undefined;
  resources: ManagedResource[];
  progress(phase: ProgressPhase, detail: Record<string, unknown>): void;
}

/** At most this share of the budget is held back from HTTP and tasks for closing. */
const CLOSE_SHARE = 0.2;
/** Held back for ending the sessions of transactions still open at the soft deadline. */
const ROLLBACK_BUDGET_MS = 1000;

/** Time kept back from the supervisor's deadline to deliver the report before it escalates. */
function reportReserveMs(budgetMs: number): number {
  return Math.min(1000, Math.max(50, Math.round(budgetMs * 0.1)));
}

/** Closing gets up to CLOSE_SHARE of the budget, or less if its timeouts add up to less. */
function closeBudgetMs(parts: DrainParts, budgetMs: number): number {
  const rollback = parts.transactions ? ROLLBACK_BUDGET_MS : 0;
  const wanted = parts.resources.reduce((sum, resource) => sum + resource.budgetMs, rollback);
  return Math.min(wanted, Math.round(budgetMs * CLOSE_SHARE));
}

export async function runDrainSequence(
  parts: DrainParts,
  reason: DrainReason,
  supervisorDeadline: Deadline,
): Promise<DrainReport> {
  const startedAt = Date.now();
  const budgetMs = supervisorDeadline.remainingMs();
  const finalDeadline = supervisorDeadline.earlierBy(reportReserveMs(budgetMs));
  const softDeadline = finalDeadline.earlierBy(closeBudgetMs(parts, budgetMs));
  parts.transactions?.startDrain();
  parts.progress('drain-received', { reason, deadline: supervisorDeadline.at });

  const { http, webSockets } = await drainConnections(parts, softDeadline);
  const tasks = await Promise.all(
    parts.tasks.map((task) => awaitTask(task, startedAt, softDeadline.remainingMs())),
  );
  parts.progress('tasks-done', { tasks });
  await settleTransactions(parts, softDeadline);
  const closed = await closeResources(parts, finalDeadline);

  const { upgraded, ...httpReport } = http;
  const transactions = parts.transactions?.report();
  const report: DrainReport = {
    reason,
    startedAt,
    durationMs: Date.now() - startedAt,
    http: httpReport,
    tasks,
    resources: closed.reports,
    ...(upgraded.atDrain > 0 && { upgraded }),
    ...(webSockets && { webSockets }),
    ...(transactions && { transactions, queries: closed.queries }),
    clean: false,
  };
  report.clean = isClean(report, [...tasks, ...closed.reports]);
  return report;
}

async function drainConnections(
  parts: DrainParts,
  deadline: Deadline,
): Promise<{ http: HttpDrainResult; webSockets: WebSocketReport | undefined }> {
  const inflight = parts.servers.reduce((sum, server) => sum + server.startDrain(), 0);
  const clients = parts.webSockets.reduce((sum, server) => sum + server.startDrain(), 0);
  const detail = { inflight, servers: parts.servers.length };
  parts.progress(
    'http-closed',
    parts.webSockets.length ? { ...detail, webSockets: clients } : detail,
  );

  const everything = [...parts.servers, ...parts.webSockets];
  const idle = Promise.all(everything.map((tracker) => tracker.waitIdle()));
  const timedOut = (await raceTimeout(idle, deadline.remainingMs())) === TIMED_OUT;
  // WebSockets first: terminating them is what lets their upgraded sockets count as closed.
  const sockets = parts.webSockets.map((ws) => (timedOut ? ws.forceClose() : ws.result()));
  const results = parts.servers.map((tracker) =>
    timedOut ? tracker.forceClose() : tracker.result(),
  );
  const http = mergeHttpResults(results);
  const webSockets = parts.webSockets.length ? sumWebSockets(sockets) : undefined;
  parts.progress('http-idle', {
    completed: http.completedDuringDrain,
    socketsForced: http.socketsForced,
    cutRequests: http.cutRequests.length,
    ...(http.upgraded.atDrain > 0 && { upgradedForced: http.upgraded.forced }),
    ...(webSockets && { webSocketsTerminated: webSockets.terminated }),
  });
  return { http, webSockets };
}

async function settleTransactions(parts: DrainParts, deadline: Deadline): Promise<void> {
  const registry = parts.transactions;
  if (!registry) return;
  await raceTimeout(registry.waitSettled(), deadline.remainingMs());
  await raceTimeout(registry.rollBackOpen(), ROLLBACK_BUDGET_MS);
  parts.progress('transactions', { ...registry.report() });
}

async function closeResources(
  parts: DrainParts,
  deadline: Deadline,
): Promise<{ reports: StepReport[]; queries: CancelledQuery[] }> {
  const reports: StepReport[] = [];
  const queries: CancelledQuery[] = [];
  for (const resource of [...parts.resources].reverse()) {
    const outcome = await resource.close(deadline);
    if (outcome.rolledBack) parts.transactions?.addRolledBackAtClose(outcome.rolledBack);
    queries.push(...(outcome.queries ?? []));
    const detail = {
      ...(outcome.queries?.length && { queriesCancelled: outcome.queries.length }),
      ...(outcome.rolledBack && { rolledBack: outcome.rolledBack }),
    };
    parts.progress('resource-closed', { ...outcome.report, ...detail });
    reports.push(outcome.report);
  }
  return { reports, queries };
}

function sumWebSockets(reports: WebSocketReport[]): WebSocketReport {
  return {
    atDrain: reports.reduce((sum, r) => sum + r.atDrain, 0),
    closed: reports.reduce((sum, r) => sum + r.closed, 0),
    terminated: reports.reduce((sum, r) => sum + r.terminated, 0),
  };
}

function isClean(report: DrainReport, steps: StepReport[]): boolean {
  const { http, upgraded, webSockets, transactions, queries } = report;
  const cut = http.socketsForced + http.cutRequests.length + (upgraded?.forced ?? 0);
  const late = (webSockets?.terminated ?? 0) + (queries?.length ?? 0);
  const rolledBack = (transactions?.rolledBackAtDeadline ?? 0) + (transactions?.open ?? 0);
  return cut + late + rolledBack === 0 && steps.every((step) => step.outcome === 'done');
}
