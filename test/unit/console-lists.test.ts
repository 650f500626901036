import { describe, expect, it } from "vitest";
import { maintenanceSections } from "../../src/components/admin/incidents/maintenance-form.ts";
import { paginate, withParam } from "../../src/lib/paging.ts";
import { matches } from "../../src/lib/search.ts";
import { type CommitmentCard, filterCommitments } from "../../src/services/commitments/list.ts";

const card = (over: Partial<CommitmentCard>): CommitmentCard => ({
  id: "c",
  incidentId: "i",
  incidentTitle: "Checkout errors",
  text: "Add a canary stage",
  owner: "Casey",
  dueAt: null,
  state: "planned",
  visibility: "internal",
  overdue: false,
  ...over,
});

describe("console lists", () => {
  it("pages: the asked page, clamped to the last; every row on exactly one page", () => {
    const rows = Array.from({ length: 120 }, (_, i) => i);
    expect(paginate(rows, "2")).toMatchObject({ page: 2, pages: 3, total: 120, rows: rows.slice(50, 100) });
    expect(paginate(rows, "99").page).toBe(3);
    expect(paginate(rows, "x").page).toBe(1);
    expect(paginate([], null)).toMatchObject({ page: 1, pages: 1, total: 0 });
    expect(withParam(new URL("http://x/admin/incidents?q=db&page=2"), "page", 3)).toBe("/admin/incidents?q=db&page=3");
  });

  it("search finds every word anywhere, any case", () => {
    expect(matches("Checkout errors on EU", "eu checkout")).toBe(true);
    expect(matches("Checkout errors", "search")).toBe(false);
    expect(matches("anything", null)).toBe(true);
  });

  it("commitments: open by default, by owner, overdue only, overdue first", () => {
    const cards = [
      card({ id: "a", owner: "Casey" }),
      card({ id: "b", owner: "Robin", overdue: true }),
      card({ id: "c", state: "done" }),
      card({ id: "d", owner: "Robin", text: "Alert on queue depth" }),
    ];
    expect(filterCommitments(cards, {}).map((c) => c.id)).toEqual(["b", "a", "d"]);
    expect(filterCommitments(cards, { owner: "Robin" }).map((c) => c.id)).toEqual(["b", "d"]);
    expect(filterCommitments(cards, { overdue: true }).map((c) => c.id)).toEqual(["b"]);
    expect(filterCommitments(cards, { state: "done" }).map((c) => c.id)).toEqual(["c"]);
    expect(filterCommitments(cards, { state: "all", q: "queue" }).map((c) => c.id)).toEqual(["d"]);
  });

  it("maintenance: running now, then upcoming soonest first, then past most recent first", () => {
    const at = (h: number) => new Date(Date.UTC(2030, 0, 1, h));
    const m = (id: string, status: string, from: number) => ({ id, status, scheduledFor: at(from), scheduledUntil: at(from + 1) });
    const s = maintenanceSections([
      m("old", "completed", 1),
      m("later", "scheduled", 9),
      m("now", "in_progress", 4),
      m("soon", "scheduled", 6),
      m("recent", "cancelled", 3),
    ]);
    expect(s.now.map((x) => x.id)).toEqual(["now"]);
    expect(s.upcoming.map((x) => x.id)).toEqual(["soon", "later"]);
    expect(s.past.map((x) => x.id)).toEqual(["recent", "old"]);
  });
});
