import type { Deps } from "../deps.ts";
import { resumeImports } from "../services/subscribers/import-runner.ts";
import type { Job } from "./job.ts";

/** Resumes CSV imports a stopped or crashed server left mid-way, from the last committed chunk. */
export const imports: Job = {
  name: "imports",
  async run(deps: Deps): Promise<string> {
    return `resumed ${await resumeImports(deps)}`;
  },
};
