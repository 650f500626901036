/** The demo's cast: a cloud company's groups and components, and what goes wrong with them. */
export const DEMO_GROUPS: { name: string; components: string[] }[] = [
  { name: "Core platform", components: ["REST API", "GraphQL API", "Authentication", "Webhooks", "Rate limiting", "Admin dashboard"] },
  { name: "Compute", components: ["Virtual machines", "Containers", "Serverless functions", "Autoscaling", "Scheduler"] },
  { name: "Storage", components: ["Object storage", "Block storage", "Backups", "CDN", "File uploads"] },
  { name: "Databases", components: ["PostgreSQL", "Redis", "Search", "Analytics warehouse", "Read replicas"] },
  { name: "Networking", components: ["Load balancers", "DNS", "Private networking", "VPN gateway", "Edge firewall"] },
  { name: "Communications", components: ["Email delivery", "SMS", "Push notifications", "In-app chat", "Voice"] },
];

export const PROBLEMS = [
  "Elevated error rates",
  "Increased latency",
  "Delayed processing",
  "Intermittent timeouts",
  "Degraded performance",
  "Connectivity issues",
  "Failed requests in one region",
  "Slow dashboard loading",
];

export const UPDATE_TEXT: Record<string, string> = {
  investigating: "We are investigating reports of **{problem}** affecting {component}. We will post an update within 30 minutes.",
  identified: "We have identified the cause: a faulty configuration rolled out to part of the fleet. A fix is being deployed.",
  monitoring: "The fix has been deployed and {component} is recovering. We are monitoring the results.",
  resolved: "This incident has been resolved. {component} has been operating normally since the fix. We are sorry for the disruption.",
  scheduled: "We will perform planned maintenance on {component}. Short interruptions are possible during the window.",
  in_progress: "Maintenance is in progress. We will update this notice when it is complete.",
  verifying: "The maintenance work is done and we are verifying the results.",
  completed: "The scheduled maintenance has been completed.",
};

/** A small seeded generator so every demo database looks the same. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
