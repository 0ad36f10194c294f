/**
 * An Allow pattern the catalogue cannot expand is reported when it may name a tiered action: when
 * it overlaps one of the tier lists' globs. Those globs are compared by service (tierGlobsOf), not
 * all ~300 with every pattern; the answer must be the one every glob gives.
 */
import fc from "fast-check";
import { tierGlobsOf } from "../../../src/core/iam/analysis.js";
import { globsOverlap } from "../../../src/core/iam/patterns.js";
import type { Policy } from "../../../src/core/policy.js";
import { policy } from "./helpers.js";

function everyGlob(p: Policy): string[] {
  const d = p.destructive;
  return [...d.t1Delete.include, ...d.t2ProtectionOff.actions, ...d.t3Replace.actions, ...d.t4Escalation.actions, ...d.t4Escalation.codeExecution, ...d.t4Escalation.assumeRole, ...p.escalation.paths.flatMap((path) => path.actions)];
}

const byEveryGlob = (p: Policy, pattern: string): boolean => everyGlob(p).some((g) => globsOverlap(g, pattern));

describe("patterns the catalogue cannot expand, against the tier globs", () => {
  const globs = everyGlob(policy);

  it("overlaps exactly when some tier glob does, for every glob respelled, widened and moved to another service", () => {
    const pieces = fc.constantFrom(...globs, "newsvc:DeleteAll", "ΑΣ:Delete", "ασ:delete", "\u0130am:PassRole", "iam:PassRole", ":", "*", "?", "s3", "Delete", "x");
    const pattern = fc.tuple(fc.constantFrom(...globs), fc.array(fc.tuple(fc.nat(60), pieces, fc.boolean()), { maxLength: 3 }), fc.boolean()).map(([glob, edits, upper]) => {
      let out = upper ? glob.toUpperCase() : glob;
      for (const [at, piece, replace] of edits) {
        const i = at % (out.length + 1);
        out = out.slice(0, i) + piece + out.slice(replace ? i + piece.length : i);
      }
      return out;
    });
    fc.assert(
      fc.property(pattern, (p) => tierGlobsOf(policy).overlap(p) === byEveryGlob(policy, p)),
      { numRuns: 3000 },
    );
  });

  it("finds the globs of a service written in another case, of a wildcard service, and none of another service", () => {
    expect(tierGlobsOf(policy).overlap("IAM:Pass*")).toBe(true);
    expect(byEveryGlob(policy, "IAM:Pass*")).toBe(true);
    expect(tierGlobsOf(policy).overlap("i?m:PassRole")).toBe(true);
    expect(tierGlobsOf(policy).overlap("newsvc:Pass*")).toBe(byEveryGlob(policy, "newsvc:Pass*"));
    const custom: Policy = { ...policy, destructive: { ...policy.destructive, t3Replace: { ...policy.destructive.t3Replace, actions: ["*:ReplaceEverything"] } } };
    expect(tierGlobsOf(custom).overlap("newsvc:Replace*")).toBe(true);
    expect(tierGlobsOf(policy).overlap("newsvc:Replace*")).toBe(byEveryGlob(policy, "newsvc:Replace*"));
  });
});
