/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    deps: import("./deps.ts").Deps;
    requestId: string;
  }
}
