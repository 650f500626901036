/**
 * A span of time in the words people use in an incident channel: "47 min", "3 h 5 min", "2 days 4 h".
 * Minutes are rounded; under a minute reads "1 min" so a resolved incident never lasted "0 min".
 */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return `${days} days${h ? ` ${h} h` : ""}`;
}
