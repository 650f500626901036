export * from "./audience.ts";
export * from "./incident.ts";
export * from "./intake.ts";
export * from "./meta.ts";
export * from "./page.ts";
export * from "./review.ts";
export * from "./subscriber.ts";
export * from "./team.ts";
