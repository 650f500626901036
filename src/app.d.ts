/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    deps: import("./deps.ts").Deps;
    requestId: string;
    ip?: string;
    /** The signed-in team member or token, resolved by src/middleware.ts for console pages. */
    actor?: import("./auth/permissions.ts").Actor | null;
    /** The reader's translator (src/i18n/request.ts): pages and components call `Astro.locals.t("key")`. */
    t?: import("./i18n/index.ts").Translator;
  }
}
