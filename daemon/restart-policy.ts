// When a worker that exited on its own is started again: exponential backoff that starts over
// after a long enough run, and a crash loop once restarts come too often.
import type { WorkerConfig } from '../config/index.js';

export type RestartSettings = Pick<
  WorkerConfig,
  | 'restart'
  | 'restartDelayMs'
  | 'maxRestartDelayMs'
  | 'minUptimeMs'
  | 'maxRestarts'
  | 'restartWindowMs'
>;

export type RestartDecision =
  | { restart: true; delayMs: number; attempt: number }
  | { restart: false; why: 'policy' | 'crash-loop'; restartsInWindow: number };

/** True when the policy wants a worker back after this exit; failed starts count as failures. */
export function wantsRestart(policy: RestartSettings['restart'], failed: boolean): boolean {
  if (policy === 'never') return false;
  return policy === 'always' || failed;
}

/** The restart history of one instance slot. */
export class RestartPolicy {
  readonly #settings: RestartSettings;
  /** When each restart within the window was decided. */
  #restarts: number[] = [];
  /** Failures in a row, each shorter than minUptimeMs: the backoff's exponent. */
  #consecutive = 0;

  constructor(settings: RestartSettings) {
    this.#settings = settings;
  }

  /** Decides what follows an exit after `uptimeMs` of running. */
  next(failed: boolean, uptimeMs: number, now = Date.now()): RestartDecision {
    const settings = this.#settings;
    if (uptimeMs >= settings.minUptimeMs) this.#consecutive = 0;
    this.#restarts = this.#restarts.filter((at) => now - at < settings.restartWindowMs);
    const restartsInWindow = this.#restarts.length;
    if (!wantsRestart(settings.restart, failed)) {
      return { restart: false, why: 'policy', restartsInWindow };
    }
    if (restartsInWindow >= settings.maxRestarts) {
      return { restart: false, why: 'crash-loop', restartsInWindow };
    }
    const delayMs = Math.min(
      settings.restartDelayMs * 2 ** this.#consecutive,
      settings.maxRestartDelayMs,
    );
    this.#consecutive += 1;
    this.#restarts.push(now);
    return { restart: true, delayMs, attempt: this.#consecutive };
  }
}
