import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../db/schema/index.ts";
import { authorize, type ServiceContext } from "../../src/auth/context.ts";
import { SYSTEM } from "../../src/auth/permissions.ts";
import { ForbiddenError } from "../../src/lib/errors.ts";
import { assertMayWriteIncident } from "../../src/services/incidents/rules.ts";

const as = (role: Role): ServiceContext => ({ actor: { type: "member", id: "m", email: "m@x.test", name: "m", role, sessionId: null } });

describe("authorize(ctx, action)", () => {
  it("throws ForbiddenError (403) for a role without the action and passes for one with it", () => {
    expect(() => authorize(as("viewer"), "incident.write")).toThrow(ForbiddenError);
    expect(() => authorize(as("responder"), "incident.close")).toThrow(/incident\.close/);
    expect(() => authorize(as("responder"), "incident.write")).not.toThrow();
  });

  it("lets the system actor (jobs, intake automation, self-service links) through", () => {
    expect(() => authorize({ actor: SYSTEM }, "team.manage_owners")).not.toThrow();
  });

  it("token actors are judged by their scopes", () => {
    const token = (scopes: ("read" | "write")[]): ServiceContext => ({ actor: { type: "token", id: "t", name: "t", scopes } });
    expect(() => authorize(token(["read"]), "incident.write")).toThrow(ForbiddenError);
    expect(() => authorize(token(["write"]), "incident.write")).not.toThrow();
  });
});

describe("assertMayWriteIncident: an incident shown to named audiences is written only by who may publish there", () => {
  it.each(ROLES)("%s", (role) => {
    const mayPublishRestricted = ["owner", "admin", "communicator"].includes(role);
    const restricted = (): void => assertMayWriteIncident(as(role), "acme,globex");
    if (mayPublishRestricted) expect(restricted).not.toThrow();
    else expect(restricted).toThrow(ForbiddenError);
    expect(() => assertMayWriteIncident(as(role), "public")).not.toThrow();
    expect(() => assertMayWriteIncident(as(role), "internal")).not.toThrow();
  });
});
