import { describe, expect, it } from "@jest/globals";
import { defineLazyLine, type Evidence } from "../../src/core/finding.js";

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
