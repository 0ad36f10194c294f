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

const compressed = (services: ServiceActions[], maxCollateral: number) => compress(services, maxCollateral).patterns.map((p) => p.pattern);
const svc = (name: string, names: string[], denied: string[]): ServiceActions => ({ service: name, names, denied: new Set(denied) });

test("the patterns come sorted, and characters counts them as JSON array items", () => {
  const result = compress([service], 1);
  // Found on the trie as `s:Put*` before `s:PurgeX` (shorter prefixes first); listed sorted.
  expect(result.patterns.map((p) => p.pattern)).toEqual(["s:PurgeX", "s:Put*"]);
  // Each item with the comma that follows it: `"s:PurgeX",` (11) and `"s:Put*",` (9).
  expect(result.characters).toBe(JSON.stringify(result.patterns.map((p) => p.pattern)).length - 1);
  expect(result.characters).toBe(20);
});

test("the search finds a price between two halvings: the wildcard that spends the budget is kept", () => {
  // s:P* (collateral 2) gives way to s:Put* + s:PurgeX (collateral 1) at price 13, and s:Put* to
  // its three literals at 18: a budget of one is met between the two.
  const three = svc("s", ["PurgeX", "PurgeY", "PutA", "PutB", "PutC", "PutZ"], ["PurgeX", "PutA", "PutB", "PutC"]);
  expect(compressed([three], 1)).toEqual(["s:PurgeX", "s:Put*"]);
  expect(compressed([three], 0)).toEqual(["s:PurgeX", "s:PutA", "s:PutB", "s:PutC"]);
});

test("the service prefix is part of every pattern: one collateral action goes to the service whose literals are longer", () => {
  // In both services `A*` replaces two literals for one collateral action; it saves 14 characters
  // in dynamodb and 7 in s.
  const long = svc("dynamodb", ["Ab", "Ac", "Ad"], ["Ab", "Ac"]);
  const short = svc("s", ["Ab", "Ac", "Ad"], ["Ab", "Ac"]);
  const result = compress([long, short], 1);
  expect(result.patterns.map((p) => p.pattern)).toEqual(["dynamodb:A*", "s:Ab", "s:Ac"]);
  expect(result.patterns[0]?.collateral).toEqual(["dynamodb:Ad"]);
  expect(result.collateral).toBe(1);
});

describe("IAM matches action names in any case", () => {
  // A hypothetical catalogue listing one action in two spellings: any pattern that denies one also
  // denies the other.
  const twin = svc("apigateway", ["DELETE", "Delete", "GET"], ["Delete"]);

  test("a literal denies the other spelling too: that is collateral, so the shorter wildcard with the same collateral wins", () => {
    const result = compress([twin], 0);
    expect(result.patterns).toEqual([{ pattern: "apigateway:Del*", covers: ["apigateway:Delete"], collateral: ["apigateway:DELETE"] }]);
    expect(result.collateral).toBe(1);
  });

  test("a budget that cannot be met still gets the least collateral possible", () => {
    // `Del*` also covers DeleteWidget; only the literal keeps the collateral to the other spelling.
    const wider = svc("apigateway", ["DELETE", "Delete", "DeleteWidget", "GET"], ["Delete"]);
    const result = compress([wider], 0);
    expect(result.patterns).toEqual([{ pattern: "apigateway:Delete", covers: ["apigateway:Delete"], collateral: ["apigateway:DELETE"] }]);
  });

  test("a wildcard is spelled as the first denied action through its prefix, not as another name", () => {
    // PUT is listed first but not denied: the pattern keeps PutWidget's spelling.
    const put = svc("apigateway", ["PATCH", "POST", "PUT", "PutWidget", "PutWidgetPolicy"], ["PutWidget", "PutWidgetPolicy"]);
    expect(compressed([put], 1)).toEqual(["apigateway:Pu*"]);
    // Both spellings denied: the first one (PUT) spells the prefix they share.
    const both = svc("apigateway", ["PATCH", "POST", "PUT", "PutWidget"], ["PUT", "PutWidget"]);
    expect(compressed([both], 0)).toEqual(["apigateway:PU*"]);
  });

  test("a shorter name that is not denied is collateral of a wildcard, never a pattern of its own", () => {
    const tag = svc("s", ["Tag", "TagResource"], ["TagResource"]);
    const result = compress([tag], 0);
    expect(result.patterns).toEqual([{ pattern: "s:TagR*", covers: ["s:TagResource"], collateral: [] }]);
  });
});

describe("ties in length", () => {
  test("a wildcard as long as the literal, with no collateral, is chosen (it also covers what is added under it)", () => {
    expect(compressed([svc("s", ["Ab"], ["Ab"])], 5)).toEqual(["s:A*"]);
  });

  test("a wildcard as long as the literal but with collateral is not, whatever the budget", () => {
    const result = compress([svc("s", ["Ab", "Ac"], ["Ab"])], 5);
    expect(result.patterns.map((p) => p.pattern)).toEqual(["s:Ab"]);
    expect(result.collateral).toBe(0);
  });
});

test("a budget met exactly by the shortest list is spent, not searched below", () => {
  // s:A* covers Abc and 1,800 other actions; s:Ab* is one character longer with none.
  const others = Array.from({ length: 1800 }, (_, i) => `Az${String(i).padStart(4, "0")}`);
  const wide = svc("s", ["Abc", ...others], ["Abc"]);
  expect(compressed([wide], 1800)).toEqual(["s:A*"]);
  expect(compressed([wide], 1799)).toEqual(["s:Ab*"]);
});

describe("collateral counted against one budget across services", () => {
  // sqs:Del* replaces two literals (40 characters) with 11 at the price of DeleteMessageBatch.
  const sqs = svc("sqs", ["DeleteMessage", "DeleteMessageBatch", "DeleteQueue"], ["DeleteMessage", "DeleteQueue"]);

  test("a name that is a prefix of a denied one is not collateral of the patterns below it", () => {
    // s3:PutObjectR* covers PutObjectRetention alone; PutObject sits above it, untouched.
    const s3 = svc("s3", ["PutObject", "PutObjectRetention"], ["PutObjectRetention"]);
    const result = compress([s3, sqs], 1);
    expect(result.patterns.map((p) => p.pattern)).toEqual(["s3:PutObjectR*", "sqs:Del*"]);
    expect(result.patterns.flatMap((p) => p.collateral)).toEqual(["sqs:DeleteMessageBatch"]);
  });

  test("collateral no pattern can avoid (the other spelling of a literal) still uses up the budget", () => {
    const twin = svc("apigateway", ["DELETE", "Delete", "DeleteWidget", "GET"], ["Delete"]);
    const result = compress([twin, sqs], 1);
    expect(result.patterns.map((p) => p.pattern)).toEqual(["apigateway:Delete", "sqs:DeleteMessage", "sqs:DeleteQ*"]);
    expect(result.collateral).toBe(1);
  });
});
