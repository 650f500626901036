import type { Deps } from "../deps.ts";

/** A scheduled pass: an adapter that calls one or more services and says what they did. */
export interface Job {
  name: string;
  /** Runs one pass; resolves to a short summary stored with the lease. */
  run(deps: Deps): Promise<string>;
}
