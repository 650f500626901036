import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/lib/clock.ts";
import {
  deliveryRates,
  feedbackScore,
  type IncidentTimeline,
  isBackfilled,
  median,
  promisesKept,
  reopenCount,
  type TimelineUpdate,
  timeToAcknowledge,
  timeToFirstPublicUpdate,
  timeToResolve,
} from "../../src/services/reviews/metrics.ts";

const T0 = Date.parse("2026-03-02T12:00:00Z");
const at = (min: number) => new Date(T0 + min * 60_000);
const MIN = 60_000;
let n = 0;
const upd = (min: number, over: Partial<TimelineUpdate> = {}): TimelineUpdate => ({
  id: `u${n++}`,
  kind: "update",
  status: "investigating",
  displayAt: at(min),
  createdAt: at(min),
  nextUpdateBy: null,
  published: true,
  ...over,
});
const timeline = (over: Partial<IncidentTimeline> = {}): IncidentTimeline => ({
  startedAt: at(0),
  createdAt: at(2),
  resolvedAt: null,
  acknowledgedAt: null,
  firstTeamActionAt: at(2),
  updates: [],
  ...over,
});

describe("time to acknowledge", () => {
  it("prefers the intake acknowledgement, else the first team action", () => {
    expect(timeToAcknowledge(timeline({ acknowledgedAt: at(4) }))).toEqual({ ms: 4 * MIN, source: "acknowledgement" });
    expect(timeToAcknowledge(timeline())).toEqual({ ms: 2 * MIN, source: "first_team_action" });
  });
  it("is unknown for a backfilled incident without an acknowledgement and never negative", () => {
    const backfilled = timeline({ createdAt: at(600), resolvedAt: at(60), firstTeamActionAt: at(600) });
    expect(isBackfilled(backfilled)).toBe(true);
    expect(timeToAcknowledge(backfilled)).toEqual({ ms: null, source: null });
    expect(timeToAcknowledge(timeline({ acknowledgedAt: at(-5) })).ms).toBe(0);
  });
});

describe("time to first public update", () => {
  it("is null with no updates, skips internal-only ones, and uses the posting time", () => {
    expect(timeToFirstPublicUpdate(timeline())).toBeNull();
    const t = timeline({ updates: [upd(3, { published: false }), upd(9, { displayAt: at(1) }), upd(20)] });
    expect(timeToFirstPublicUpdate(t)).toBe(9 * MIN);
  });
  it("is null for a backfilled incident", () => {
    expect(
      timeToFirstPublicUpdate(timeline({ createdAt: at(500), resolvedAt: at(30), updates: [upd(500, { displayAt: at(1) })] })),
    ).toBeNull();
  });
});

describe("time to resolve and reopening", () => {
  it("is null while open and measures to the last resolution after a reopen", () => {
    expect(timeToResolve(timeline())).toBeNull();
    const reopened = timeline({
      resolvedAt: at(90),
      updates: [upd(5), upd(30, { status: "resolved" }), upd(45, { status: "identified" }), upd(90, { status: "resolved" })],
    });
    expect(timeToResolve(reopened)).toBe(90 * MIN);
    expect(reopenCount(reopened)).toBe(1);
    expect(reopenCount(timeline({ updates: [upd(5), upd(10, { status: "resolved" })] }))).toBe(0);
  });
  it("still measures a backfilled incident's duration", () => {
    expect(timeToResolve(timeline({ createdAt: at(600), resolvedAt: at(60) }))).toBe(60 * MIN);
  });
});

describe("promises kept", () => {
  it("counts kept, late (with how late), pending and ignores internal-only follow-ups", () => {
    const clock = fixedClock(at(100));
    const t = timeline({
      updates: [
        upd(5, { nextUpdateBy: at(20) }),
        upd(18, { nextUpdateBy: at(30) }), // kept the first
        upd(35, { published: false }), // internal note: not a public update
        upd(42, { nextUpdateBy: at(60) }), // the second was 12 min late
        // the third never got a follow-up: late by 40 min at minute 100
      ],
    });
    const r = promisesKept(t, clock.now());
    expect(r).toMatchObject({ made: 3, kept: 1, pending: 0, maxLateMs: 40 * MIN });
    expect(r.late.map((l) => l.lateMs)).toEqual([12 * MIN, 40 * MIN]);
    expect(r.late[1]?.deliveredAt).toBeNull();
    expect(r.keptRate).toBeCloseTo(1 / 3);
    clock.set(at(50));
    expect(promisesKept(t, clock.now())).toMatchObject({ made: 3, kept: 1, pending: 1, keptRate: 0.5 });
  });
  it("has nothing to say with no updates or for a backfilled incident", () => {
    expect(promisesKept(timeline(), at(10))).toMatchObject({ made: 0, keptRate: null, maxLateMs: null });
    const backfilled = timeline({ createdAt: at(500), resolvedAt: at(60), updates: [upd(500, { nextUpdateBy: at(501) })] });
    expect(promisesKept(backfilled, at(9999)).made).toBe(0);
  });
});

describe("delivery rates and feedback", () => {
  it("rates only attempted deliveries", () => {
    expect(deliveryRates({})).toMatchObject({ total: 0, successRate: null, bounceRate: null });
    const r = deliveryRates({ delivered: 6, sent: 1, bounced: 2, complained: 0, dead: 1, skipped: 5, pending: 3 });
    expect(r).toMatchObject({ total: 18, attempted: 10, succeeded: 7, bounced: 2, failed: 1, successRate: 0.7, bounceRate: 0.2 });
  });
  it("scores helpful votes and ratings separately", () => {
    expect(feedbackScore([])).toMatchObject({ votes: 0, helpfulRate: null, averageRating: null });
    const s = feedbackScore([
      { helpful: true, rating: null },
      { helpful: true, rating: null },
      { helpful: false, rating: null },
      { helpful: null, rating: 4 },
      { helpful: null, rating: 1 },
    ]);
    expect(s).toMatchObject({ votes: 5, helpful: 2, notHelpful: 1, ratings: 2, averageRating: 2.5 });
    expect(s.helpfulRate).toBeCloseTo(2 / 3);
  });
  it("takes medians of odd and even lists", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
