// The latest shutdown our supervisor recorded, as `supervisor show --json` prints it.
export async function lastShutdown(supervisor) {
  const config = ['--config', supervisor.configFile];
  const list = await supervisor.cli(['history', '--limit', '1', '--json', ...config]);
  const [latest] = JSON.parse(list.stdout);
  const shown = await supervisor.cli(['show', String(latest.id), '--json', ...config]);
  return JSON.parse(shown.stdout);
}
