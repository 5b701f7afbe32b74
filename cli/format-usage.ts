// How `supervisor status` writes uptimes, memory and cpu figures.

/** `45 s`, `12 min`, `3 h 4 min`, `2 d 3 h`; `-` when unknown. */
export function formatUptime(ms: number | null): string {
  if (ms === null) return '-';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `512 B`, `48.3 MiB`; `-` when unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `0.5 %`, `212.0 %` (more than one core); `-` when unknown. */
export function formatCpu(percent: number | null): string {
  return percent === null ? '-' : `${percent.toFixed(1)} %`;
}
