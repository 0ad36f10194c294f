/**
 * One input's unexpected failure is that input's error (src/core/guarded.ts): never a pass, never
 * the end of the other inputs' evaluation.
 */
import type { Finding } from "../../src/core/finding.js";
import { evaluateTemplateSet, guardedEvaluation, type Evaluated } from "../../src/core/guarded.js";

const finding = (file: string): Finding => ({
  rule: "agent-destructive-prod",
  severity: "error",
  subject: `role in ${file}`,
  message: "grants dynamodb:DeleteTable",
  evidence: [{ file, line: 3, pointer: "/Resources/AgentRole" }],
  suppressed: null,
});

test("a result passes through unchanged", () => {
  const result: Evaluated = { findings: [finding("a.json")], errors: [{ file: "a.json", message: "line 2: unknown key" }] };
  expect(guardedEvaluation("a.json", () => result)).toBe(result);
});

test("an Error, a thrown string and a thrown object each become an error naming the input", () => {
  const message = (m: string) => `could not be evaluated (internal error: ${m}); nothing in it was checked`;
  expect(
    guardedEvaluation("infra/orders.template.yaml", () => {
      throw new RangeError("Invalid array length");
    }),
  ).toEqual({ findings: [], errors: [{ file: "infra/orders.template.yaml", message: message("Invalid array length") }] });
  expect(
    guardedEvaluation("p.json", () => {
      throw "broken";
    }).errors,
  ).toEqual([{ file: "p.json", message: message("broken") }]);
  expect(
    guardedEvaluation("p.json", () => {
      throw 42;
    }).errors[0]?.message,
  ).toBe(message("42"));
});

test("running out of stack is said as such (deep nesting, or a loop), not as an internal error", () => {
  expect(
    guardedEvaluation("deep.json", () => {
      throw new RangeError("Maximum call stack size exceeded");
    }).errors,
  ).toEqual([{ file: "deep.json", message: "could not be evaluated (ran out of stack: the input nests tens of thousands of levels deep, or a reference loop was followed); nothing in it was checked" }]);
});

describe("evaluateTemplateSet", () => {
  const templates = [{ file: "network.json" }, { file: "orders.json" }, { file: "broken.json" }];

  test("a set that evaluates is evaluated once, together (exports reach imports)", () => {
    const calls: string[][] = [];
    const out = evaluateTemplateSet(templates, (set) => {
      calls.push(set.map((t) => t.file));
      return { findings: set.map((t) => finding(t.file)), errors: [] };
    });
    expect(calls).toEqual([["network.json", "orders.json", "broken.json"]]);
    expect(out.findings.map((f) => f.evidence[0]?.file)).toEqual(["network.json", "orders.json", "broken.json"]);
  });

  test("when the set fails, each template is evaluated alone: the failing one is an error, the others keep their findings and errors", () => {
    const calls: string[][] = [];
    const out = evaluateTemplateSet(templates, (set) => {
      calls.push(set.map((t) => t.file));
      if (set.some((t) => t.file === "broken.json")) throw new TypeError("Cannot read properties of undefined (reading 'Properties')");
      return { findings: [finding(set[0]?.file ?? "")], errors: [{ file: set[0]?.file ?? "", message: "Fn::ImportValue orders-vpc: not exported here" }] };
    });
    expect(calls).toEqual([["network.json", "orders.json", "broken.json"], ["network.json"], ["orders.json"], ["broken.json"]]);
    expect(out.findings.map((f) => f.evidence[0]?.file)).toEqual(["network.json", "orders.json"]);
    expect(out.errors).toEqual([
      { file: "network.json", message: "Fn::ImportValue orders-vpc: not exported here" },
      { file: "orders.json", message: "Fn::ImportValue orders-vpc: not exported here" },
      { file: "broken.json", message: "could not be evaluated (internal error: Cannot read properties of undefined (reading 'Properties')); nothing in it was checked" },
    ]);
  });

  test("when every template fails alone too, every template has an error and nothing passes", () => {
    const out = evaluateTemplateSet(templates, () => {
      throw new Error("rules unavailable");
    });
    expect(out.findings).toEqual([]);
    expect(out.errors.map((e) => e.file)).toEqual(["network.json", "orders.json", "broken.json"]);
  });
});
