/**
 * compress: the patterns that deny a set of actions within a collateral budget. The search over
 * lambda (the price of one collateral action in characters) must spend the budget: the shortest
 * list whose collateral fits, not merely the one with the least collateral.
 */
import { compress, type ServiceActions } from "../../../src/core/boundary/compress.js";

// Denied: four Put* actions and PurgeX; not denied: PutZ and PurgeY.
//   `s:P*`                 1 pattern, collateral 2 (PutZ, PurgeY) - the shortest
//   `s:Put*` + `s:PurgeX`  2 patterns, collateral 1 (PutZ)
//   five literals          collateral 0
const service: ServiceActions = {
  service: "s",
  names: ["PutA", "PutB", "PutC", "PutD", "PutZ", "PurgeX", "PurgeY"],
  denied: new Set(["PutA", "PutB", "PutC", "PutD", "PurgeX"]),
};
const patternsOf = (maxCollateral: number) => compress([service], maxCollateral).patterns.map((p) => p.pattern).sort();

test("with room for every collateral action, the shortest list", () => {
  expect(patternsOf(2)).toEqual(["s:P*"]);
  expect(compress([service], 2).collateral).toBe(2);
});

test("a budget of one: the list that spends it, shorter than the literals", () => {
  const result = compress([service], 1);
  expect(result.patterns.map((p) => p.pattern).sort()).toEqual(["s:PurgeX", "s:Put*"]);
  expect(result.collateral).toBe(1);
  expect(result.patterns.find((p) => p.pattern === "s:Put*")?.collateral).toEqual(["s:PutZ"]);
});

test("no budget: the literals, no collateral", () => {
  expect(patternsOf(0)).toEqual(["s:PurgeX", "s:PutA", "s:PutB", "s:PutC", "s:PutD"]);
  expect(compress([service], 0).collateral).toBe(0);
});
