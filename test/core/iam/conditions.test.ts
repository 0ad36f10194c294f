/**
 * Allow conditions that can no longer hold (conditions.ts): only a DateLessThan(Equals) test on a
 * clock key whose every value is a readable past date makes an Allow inert; anything else may hold.
 */
import { conditionCannotHold } from "../../../src/core/iam/conditions.js";
import type { ConditionBlock } from "../../../src/core/iam/policy-document.js";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const PAST = "2026-01-01T00:00:00Z";
const FUTURE = "2027-01-01T00:00:00Z";
const inert = (condition: ConditionBlock | undefined) => conditionCannotHold(condition, NOW);

describe("conditionCannotHold", () => {
  it("holds no more when every date of a DateLessThan(Equals) on the clock is past", () => {
    expect(inert({ DateLessThan: { "aws:CurrentTime": PAST } })).toBe(true);
    expect(inert({ DateLessThanEquals: { "aws:currenttime": [PAST, "2025-12-31T00:00:00Z"] } })).toBe(true);
    // Epoch seconds, as a number or as digits.
    expect(inert({ DateLessThan: { "aws:EpochTime": Date.parse(PAST) / 1000 } })).toBe(true);
    expect(inert({ DateLessThan: { "aws:EpochTime": ` ${Date.parse(PAST) / 1000} ` } })).toBe(true);
    // Among other operators, keys and blocks.
    expect(inert({ StringEquals: { "aws:RequestedRegion": "us-east-1" }, DateLessThan: { "aws:SourceIp": "x", "aws:CurrentTime": PAST } })).toBe(true);
  });

  it("may still hold otherwise: a future or unreadable date, another operator or key, no condition", () => {
    expect(inert(undefined)).toBe(false);
    expect(inert({})).toBe(false);
    expect(inert({ DateLessThan: { "aws:CurrentTime": FUTURE } })).toBe(false);
    expect(inert({ DateLessThan: { "aws:CurrentTime": [PAST, FUTURE] } })).toBe(false);
    expect(inert({ DateLessThan: { "aws:CurrentTime": [PAST, "soon"] } })).toBe(false);
    expect(inert({ DateLessThan: { "aws:CurrentTime": [] } })).toBe(false);
    expect(inert({ DateGreaterThan: { "aws:CurrentTime": PAST } })).toBe(false);
    expect(inert({ DateLessThan: { "s3:ObjectCreatedDate": PAST } })).toBe(false);
    expect(inert({ StringEquals: { "aws:CurrentTime": PAST } })).toBe(false);
    // Operator names are matched as written: another spelling is not a date test.
    expect(inert({ dateLessThan: { "aws:CurrentTime": PAST } })).toBe(false);
  });

  it("counts the longest session before a token's issue time, and IfExists on it holds for long-term keys", () => {
    const hoursAgo = (h: number) => new Date(NOW - h * 3600_000).toISOString();
    expect(inert({ DateLessThan: { "aws:TokenIssueTime": hoursAgo(35) } })).toBe(false);
    expect(inert({ DateLessThan: { "aws:TokenIssueTime": hoursAgo(37) } })).toBe(true);
    expect(inert({ DateLessThanIfExists: { "aws:TokenIssueTime": hoursAgo(100) } })).toBe(false);
    expect(inert({ DateLessThanIfExists: { "aws:CurrentTime": PAST } })).toBe(true);
  });

  it("reads only the condition's own operators, not inherited ones", () => {
    const inherited = Object.create({ DateLessThan: { "aws:CurrentTime": PAST } }) as ConditionBlock;
    expect(inert(inherited)).toBe(false);
  });
});
