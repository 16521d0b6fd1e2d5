/**
 * How tokens, costs and durations read, in one place: the sidebar (src/webview) and the status bar
 * (src/vscode/host/runDisplay.ts) both format through here, so the same run reads the same in
 * both. Pure, no imports: the webview's bundle may take it.
 */

/** "950", "9.9k", "12k", "1.2M": one decimal below ten of a unit, none above. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 999_500) return `${(n / 1000).toFixed(n < 9_950 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 9_950_000 ? 1 : 0)}M`;
}

/** "cost unknown" when a price was unknown; small amounts keep two significant digits. */
export function formatCost(cost: number | null): string {
  if (cost === null) return 'cost unknown';
  if (cost === 0) return '$0';
  if (cost < 0.01) return `$${cost.toPrecision(2)}`;
  return `$${cost.toFixed(2)}`;
}

/**
 * "0.4s", "3.2s", "5s", "42s", "1m 05s", "2h 03m". Below ten seconds tenths, so a test round of
 * 400 ms reads "0.4s", not "0s"; zero (nothing measured yet) reads "0s".
 */
export function formatDuration(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped === 0) return '0s';
  if (clamped < 9_950) return `${Math.max(0.1, Math.round(clamped / 100) / 10).toFixed(1).replace(/\.0$/, '')}s`;
  const s = Math.floor(clamped / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** "12k tokens · $0.04", the usage line of the sidebar's header and the status bar alike. */
export function formatUsage(tokens: number, calls: number, cost: number | null): string {
  return calls === 0 ? 'no tokens yet' : `${formatTokens(tokens)} tokens · ${formatCost(cost)}`;
}
