/** Small shared helpers whose order and edge cases findings and evidence depend on. */
import { compareFindings, type Finding } from "../../src/core/finding.js";
import { isPolicyDocument } from "../../src/core/iam/policy-file.js";
import { compareText } from "../../src/core/sorted.js";
import { childPointer, escapeSegment, parsePointer, valueAt } from "../../src/core/source/pointer.js";

const f = (over: Partial<Finding>): Finding => ({ rule: "agent-destructive-prod", severity: "error", message: "m", subject: "s", evidence: [], suppressed: null, ...over });

describe("compareFindings", () => {
  it("orders by rule, subject, first evidence file, line, then message", () => {
    const sorted = [
      f({ message: "b", evidence: [{ file: "a.json", line: 2 }] }),
      f({ message: "a", evidence: [{ file: "a.json", line: 2 }] }),
      f({ evidence: [{ file: "a.json", line: 1 }] }),
      f({ evidence: [{ file: "b.json" }] }),
      f({ evidence: [] }),
      f({ subject: "r" }),
      f({ rule: "adoption-dashboard-no-incidents" }),
    ].sort(compareFindings);
    expect(sorted.map((x) => `${x.rule}|${x.subject}|${x.evidence[0]?.file ?? ""}|${x.evidence[0]?.line ?? ""}|${x.message}`)).toEqual([
      "adoption-dashboard-no-incidents|s|||m",
      "agent-destructive-prod|r|||m",
      "agent-destructive-prod|s|||m",
      "agent-destructive-prod|s|a.json|1|m",
      "agent-destructive-prod|s|a.json|2|a",
      "agent-destructive-prod|s|a.json|2|b",
      "agent-destructive-prod|s|b.json||m",
    ]);
  });

  it("orders text by code point, whatever the machine's locale (upper case before lower, ASCII before the rest)", () => {
    // localeCompare would give a, A, b, B, é, z (and another order under another LANG).
    const subjects = ["z", "b", "é", "B", "a", "A", "_x"];
    expect(subjects.map((subject) => f({ subject })).sort(compareFindings).map((x) => x.subject)).toEqual(["A", "B", "_x", "a", "b", "z", "é"]);
    expect(["b", "a", "B"].sort(compareText)).toEqual(["B", "a", "b"]);
    expect(compareText("same", "same")).toBe(0);
  });
});

describe("JSON pointers", () => {
  it("escape, parse and follow", () => {
    expect(escapeSegment("a/b~c")).toBe("a~1b~0c");
    expect(escapeSegment(3)).toBe("3");
    expect(childPointer("/Resources", "a/b", 0)).toBe("/Resources/a~1b/0");
    expect(parsePointer("")).toEqual([]);
    expect(parsePointer("/a~1b/~0c")).toEqual(["a/b", "~c"]);
    expect(() => parsePointer("Resources")).toThrow("not a JSON pointer: Resources");
    const doc = { a: [{ b: "x" }], n: null };
    expect(valueAt(doc, "/a/0/b")).toBe("x");
    expect(valueAt(doc, "/a/0/b/c")).toBeUndefined();
    expect(valueAt(doc, "/n/x")).toBeUndefined();
    expect(valueAt(doc, "")).toBe(doc);
    // A list's own properties are no members: only its items are.
    expect(valueAt(doc, "/a/length")).toBeUndefined();
  });
});

describe("isPolicyDocument", () => {
  it.each([
    [{ Version: "2012-10-17", Statement: [] }, true],
    [{ Statement: { Effect: "Allow", Action: "s3:*", Resource: "*" } }, true],
    [{ Statement: [{ NotAction: "iam:*", Effect: "Allow" }] }, true],
    [{ Statement: [] }, false],
    [{ Statement: [{ Sid: "x" }] }, false],
    [{ Statement: [], Resources: {} }, false],
    [{ Version: "2012-10-17", Statement: [], AWSTemplateFormatVersion: "2010-09-09" }, false],
    [["Statement"], false],
  ])("%j → %s", (value, expected) => {
    expect(isPolicyDocument(value)).toBe(expected);
  });
});
