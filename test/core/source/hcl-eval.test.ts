/** Terraform's string functions over values part of which is unknown (../../../src/core/source/hcl-eval.ts). */
import { parseHclExpression } from "../../../src/core/source/hcl.js";
import { evaluate, KeyedUnknown, pattern, Unknown, type EvalContext, type Value } from "../../../src/core/source/hcl-eval.js";

// var.project is "bstri-prod"; var.unset has no value; random_id.suffix.hex is known only at apply
// (lenhofr/bstri infra/terraform/app/main.tf names its site bucket
// lower("${local.name}-site-${random_id.bucket_suffix[0].hex}")).
const ctx: EvalContext = {
  file: "main.tf",
  locals: new Map(),
  variables: new Map<string, Value>([["project", "BSTRI-Prod"]]),
  reference: () => undefined,
};
const text = (source: string) => pattern(evaluate(parseHclExpression(source), ctx));

describe("a string function keeps what is known of a partly unknown string", () => {
  it.each([
    ['lower("${var.project}-site-${random_id.suffix.hex}")', "bstri-prod-site-*"],
    ['upper("${var.project}-${random_id.suffix.hex}")', "BSTRI-PROD-*"],
    ['format("%s-site-%s", lower(var.project), random_id.suffix.hex)', "bstri-prod-site-*"],
    ['format("%s-%d", "orders", random_id.suffix.dec)', "orders-*"],
    ['join("-", [lower(var.project), "site", random_id.suffix.hex])', "bstri-prod-site-*"],
    ['join("-", ["${var.project}-${random_id.suffix.hex}", "logs"])', "BSTRI-Prod-*-logs"],
    ['trimprefix("${var.project}-${random_id.suffix.hex}", "BSTRI-")', "Prod-*"],
    ['trimsuffix("${random_id.suffix.hex}.example.com", ".com")', "*.example"],
    ['trimsuffix("${random_id.suffix.hex}-site", "-prod")', "*-site"],
    // One character replaced cannot straddle a known and an unknown part.
    ['replace("${var.unset}_claude_runner", "_", "-")', "*-claude-runner"],
  ])("%s is %s", (source, expected) => {
    expect(text(source)).toBe(expected);
  });

  it.each([
    // The unknown may hold the affix, the format string or the separator may be unknown: nothing is known.
    'trimprefix("${random_id.suffix.hex}-site", "bstri")',
    'trimprefix("b${random_id.suffix.hex}", "bstri")',
    'format(var.unset, "x")',
    'join(var.unset, ["a", "b"])',
    'join("-", var.unset)',
    'lower(var.unset)',
    // A longer pattern may begin in the unknown part and end in the known one.
    'replace("${var.unset}_claude_runner", "r_c", "-")',
  ])("%s is wholly unknown", (source) => {
    expect(evaluate(parseHclExpression(source), ctx)).toBeInstanceOf(Unknown);
  });
});

describe("startswith and endswith decide where the known text does", () => {
  // lenhofr/bstri app/main.tf: startswith(var.existing_oidc_provider_arn, "arn:") picks the provider's ARN.
  it.each([
    ['startswith("token.actions.githubusercontent.com", "arn:")', false],
    ['startswith("arn:aws:iam::111111111111:oidc-provider/x", "arn:")', true],
    ['startswith("arn:${var.unset}", "arn:")', true],
    ['endswith("${var.unset}-prod", "prod")', true],
    ['endswith("${var.unset}-prod", "dev")', false],
  ])("%s is %s", (source, expected) => {
    expect(evaluate(parseHclExpression(source), ctx)).toBe(expected);
  });
  it.each(['startswith("${var.unset}-prod", "arn:")', 'startswith("a${var.unset}", "arn:")', 'endswith(var.unset, "x")'])("%s is unknown", (source) => {
    expect(evaluate(parseHclExpression(source), ctx)).toBeInstanceOf(Unknown);
  });
});

it.each(['format("%s", var.unset)', 'replace(var.unset, "ab", "c")', 'join("", [var.unset])'])("%s, of nothing known, is the unknown itself (not a partial string)", (source) => {
  expect(evaluate(parseHclExpression(source), ctx)).toBeInstanceOf(Unknown);
});

describe("zipmap builds the map a for_each takes (Metrosafetyhost/digivalidation's lambdas-zip module: zipmap(var.lambda_names, var.lambda_file_names))", () => {
  const value = (source: string) => evaluate(parseHclExpression(source), ctx);
  it("keys from the first list, values from the second", () => {
    expect(value('zipmap(["salesforce_input", "gam"], ["salesforce_input.py", "gam.py"])')).toEqual({ salesforce_input: "salesforce_input.py", gam: "gam.py" });
    expect(value("zipmap([], [])")).toEqual({});
    // A later key of the same name wins, as Terraform's does.
    expect(value('zipmap(["a", "a"], [1, 2])')).toEqual({ a: 2 });
    // Keys convert to strings, as its list(string) argument does.
    expect(value("zipmap([1, true], [2, 3])")).toEqual({ "1": 2, true: 3 });
  });
  it("a key that is not known, lists of other lengths or anything but lists: unknown", () => {
    for (const source of ['zipmap(["a", random_id.suffix.hex], [1, 2])', 'zipmap(["a"], [1, 2])', 'zipmap("a", [1])', "zipmap(var.unset, [1])", 'zipmap(["a"])', "zipmap([null], [2])"]) {
      expect([source, value(source) instanceof Unknown]).toEqual([source, true]);
    }
  });
});

test("a provider-defined function's name is read whole (provider::aws::arn_parse), its value unknown; a conditional's colon is not a namespace", () => {
  expect(parseHclExpression('provider::aws::arn_parse("arn:aws:iam::111111111111:role/x")')).toMatchObject({ kind: "call", name: "provider::aws::arn_parse" });
  expect(evaluate(parseHclExpression('provider::aws::arn_parse("arn:aws:iam::111111111111:role/x")'), ctx)).toBeInstanceOf(Unknown);
  expect(text('"${provider::aws::arn_build("aws", "s3", "", "", var.project)}/*"')).toBe("*/*");
  expect(parseHclExpression("var.a ? var.b : var.c")).not.toMatchObject({ kind: "call" });
  expect(() => parseHclExpression("provider::aws::arn_parse")).toThrow(/expected "\(" after the function name provider::aws::arn_parse/);
});

test("an object whose key is computed (an IRSA trust's \"${local.issuer}:sub\"): known when every key is, else unknown with its keys' patterns", () => {
  const value = (source: string) => evaluate(parseHclExpression(source), ctx);
  expect(value('{ "${var.project}:sub" = "system:serviceaccount:a:b", aud = 1 }')).toEqual({ "BSTRI-Prod:sub": "system:serviceaccount:a:b", aud: 1 });
  expect(value('{ (var.project) = "x" }')).toEqual({ "BSTRI-Prod": "x" });
  const partly = value('{ "${module.eks.oidc_provider}:sub" = "system:serviceaccount:kagent:*-agent", "aws:SourceAccount" = "1" }');
  // Unknown to every reader, as before; what is known of it is there for the one that can use it.
  expect(partly).toBeInstanceOf(Unknown);
  expect(partly instanceof KeyedUnknown && partly.entries).toEqual({ "*:sub": "system:serviceaccount:kagent:*-agent", "aws:SourceAccount": "1" });
  // A key that is a list or object has no pattern: unknown with nothing known.
  const opaque = value('{ (["a"]) = 1 }');
  expect([opaque instanceof Unknown, opaque instanceof KeyedUnknown]).toEqual([true, false]);
});
