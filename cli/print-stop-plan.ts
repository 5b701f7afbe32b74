// `supervisor stop --plan`: how a stop would go for a config. Its own module, loaded only with
// --plan, because a plain `stop` must start fast and has no use for the config validator.
import { planStop } from '../daemon/stop-plan.js';
import { createPaint } from './format-colour.js';
import { loadCliConfig } from './load-cli-config.js';
import { renderStopPlan } from './render-stop-plan.js';

/** Prints the drain order, deadlines and worst case of the config at `file`. */
export async function printStopPlan(file: string, asJson: boolean): Promise<void> {
  const config = await loadCliConfig(file);
  const plan = planStop(config.workers);
  const output = asJson
    ? `${JSON.stringify({ config: config.file, ...plan }, null, 2)}\n`
    : renderStopPlan(config.file, plan, createPaint(process.stdout, process.env));
  process.stdout.write(output);
}
