// What a reload or a restart answers its caller (SIGHUP's log line, the control socket).
import type { ShutdownOutcome } from './shutdown-record.js';

export type ReplaceErrorCode =
  'ERR_UNKNOWN_WORKER' | 'ERR_SHUTTING_DOWN' | 'ERR_BUSY' | 'ERR_NOT_READY';

export interface ReplaceResult {
  /** True when every instance asked for was replaced by a ready one. */
  ok: boolean;
  /** The history entry (`supervisor show <id>`); null when the request was refused. */
  shutdownId: string | null;
  outcome: ShutdownOutcome | null;
  /** `name#index` of each instance replaced, in order. */
  replaced: string[];
  /** Why it was refused or stopped early. */
  error?: { code: ReplaceErrorCode; message: string };
}

/** A request refused before anything was touched. */
export function refused(code: ReplaceErrorCode, message: string): ReplaceResult {
  return { ok: false, shutdownId: null, outcome: null, replaced: [], error: { code, message } };
}
