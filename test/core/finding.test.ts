import { describe, expect, it } from "@jest/globals";
import { compareFindings, defineLazyLine, evidenceAt, inputErrorAt, type Evidence, type Finding } from "../../src/core/finding.js";

describe("defineLazyLine", () => {
  it("finds the line once, when first read, in the key's place", () => {
    let calls = 0;
    const evidence = Object.assign(
      defineLazyLine<Evidence>({ file: "a.json", pointer: "/x" }, () => {
        calls++;
        return 7;
      }),
      { arn: "arn:aws:iam::1:role/r" },
    );
    expect(calls).toBe(0);
    expect(JSON.stringify(evidence)).toBe('{"file":"a.json","pointer":"/x","line":7,"arn":"arn:aws:iam::1:role/r"}');
    expect(evidence.line).toBe(7);
    expect(calls).toBe(1);
    expect({ ...evidence }).toStrictEqual({ file: "a.json", pointer: "/x", line: 7, arn: "arn:aws:iam::1:role/r" });
  });

  it("leaves no line key when there is no line", () => {
    const evidence = defineLazyLine<Evidence>({ file: "a.yaml" }, () => undefined);
    expect(evidence.line).toBeUndefined();
    expect(Object.keys(evidence)).toEqual(["file"]);
    expect(JSON.stringify(evidence)).toBe('{"file":"a.yaml"}');
  });

  it("takes a line set before it is read", () => {
    const evidence = defineLazyLine<Evidence>({ file: "a.json" }, () => 3);
    evidence.line = 9;
    expect(evidence).toStrictEqual({ file: "a.json", line: 9 });
  });
});

describe("compareFindings: the one order of every report (rule, subject, file, line, message)", () => {
  const finding = (subject: string, file: string, line: number | undefined, message: string, rule: Finding["rule"] = "agent-destructive-prod"): Finding => ({
    rule,
    severity: "error",
    message,
    subject,
    evidence: [{ file, ...(line === undefined ? {} : { line }) }],
    suppressed: null,
  });
  const order = (findings: Finding[]) => [...findings].sort(compareFindings).map((f) => `${f.rule} ${f.subject} ${f.evidence[0]?.file}:${f.evidence[0]?.line ?? "-"} ${f.message}`);

  it("a later line comes after an earlier one in the same file, whatever the messages say; no line sorts first", () => {
    const [early, late, none] = [finding("r", "a.json", 4, "z last"), finding("r", "a.json", 30, "a first"), finding("r", "a.json", undefined, "m")];
    expect(compareFindings(early, late)).toBeLessThan(0);
    expect(compareFindings(late, early)).toBeGreaterThan(0);
    expect(compareFindings(none, early)).toBeLessThan(0);
    expect(compareFindings(early, none)).toBeGreaterThan(0);
    expect(order([finding("r", "a.json", 30, "a first"), finding("r", "a.json", 4, "z last"), finding("r", "a.json", undefined, "m")])).toEqual([
      "agent-destructive-prod r a.json:- m",
      "agent-destructive-prod r a.json:4 z last",
      "agent-destructive-prod r a.json:30 a first",
    ]);
  });

  it("rule before subject before file before line; the message breaks the last tie", () => {
    expect(
      order([
        finding("b", "a.json", 1, "x"),
        finding("a", "b.json", 1, "x"),
        finding("a", "a.json", 2, "x"),
        finding("a", "a.json", 2, "w"),
        finding("a", "a.json", 9, "x", "adoption-dashboard-no-incidents"),
      ]),
    ).toEqual([
      "adoption-dashboard-no-incidents a a.json:9 x",
      "agent-destructive-prod a a.json:2 w",
      "agent-destructive-prod a a.json:2 x",
      "agent-destructive-prod a b.json:1 x",
      "agent-destructive-prod b a.json:1 x",
    ]);
  });
});

describe("evidence and input errors at a pointer", () => {
  const lineOf = (pointer: string): number | undefined => ({ "/Resources/Orders": 12 })[pointer];

  it("carries the line where the source knows it, and leaves it out where it does not", () => {
    expect(evidenceAt("stack.yaml", "/Resources/Orders", lineOf)).toEqual({ file: "stack.yaml", pointer: "/Resources/Orders", line: 12 });
    expect(evidenceAt("stack.yaml", "/Resources/Gone", lineOf)).toStrictEqual({ file: "stack.yaml", pointer: "/Resources/Gone" });
    expect(evidenceAt("stack.yaml", "/Resources/Orders", undefined)).toStrictEqual({ file: "stack.yaml", pointer: "/Resources/Orders" });
  });

  it("gives an input error the line of its pointer, or none for the whole file", () => {
    expect(inputErrorAt("stack.yaml", "/Resources/Orders", lineOf, "resource Orders has no Type")).toEqual({ file: "stack.yaml", line: 12, message: "resource Orders has no Type" });
    expect(inputErrorAt("stack.yaml", "/Resources/Gone", lineOf, "x")).toStrictEqual({ file: "stack.yaml", message: "x" });
    const asked: string[] = [];
    expect(inputErrorAt("board.json", undefined, (p) => (asked.push(p), 1), "not a dashboard")).toStrictEqual({ file: "board.json", message: "not a dashboard" });
    expect(asked).toEqual([]);
  });
});
