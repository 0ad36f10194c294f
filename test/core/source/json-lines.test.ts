/**
 * parseSource's JSON line lookups (lazy, memoized, resumable) against a plain recursive-descent
 * reading of the same text: every pointer, asked in any order, gets the line its value starts on.
 */
import fc from "fast-check";
import { parseSource } from "../../../src/core/source/parse.js";
import { toPointer } from "../../../src/core/source/pointer.js";

/** Offset of every value in well-formed JSON text, by pointer. */
function referenceOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \n\r\t".includes(text[i] as string)) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: (string | number)[]): void => {
    ws();
    out.set(toPointer(path), i);
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        ws();
        let key: string | number = n;
        if (c === "{") {
          key = string();
          ws();
          i++; // ':'
        }
        value([...path, key]);
        ws();
        if (text[i++] === close) return;
      }
    }
    if (c === '"') string();
    else while (i < text.length && !",]} \n\r\t".includes(text[i] as string)) i++;
  };
  value([]);
  return out;
}

const lineAt = (text: string, offset: number): number => text.slice(0, offset).split("\n").length;

describe("JSON lineOf", () => {
  it("finds every pointer's line in any order, as a fresh lookup would", () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("a/b", "~0", "t~1/", 'q"uote', "back\\slash", "panels", "0"));
    const json = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("array"), tie("object")),
      leaf: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
      array: fc.array(tie("node"), { maxLength: 5 }),
      object: fc.dictionary(key, tie("node"), { maxKeys: 5 }),
    })).node;
    fc.assert(
      fc.property(json, fc.constantFrom(0, 1, 2, "\t"), fc.integer({ min: 1, max: 1000 }), (value, indent, stride) => {
        const text = JSON.stringify(value, null, indent);
        const reference = referenceOffsets(text);
        const pointers = [...reference.keys()];
        const parsed = parseSource(text);
        // A stride through the pointers visits them out of document order: forwards, back and into siblings.
        for (let k = 0; k < pointers.length; k++) {
          const pointer = pointers[(k * stride) % pointers.length] as string;
          expect([pointer, parsed.lineOf(pointer)]).toEqual([pointer, lineAt(text, reference.get(pointer) as number)]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("crosses long runs of strings and strings with many escapes (past the skipping regex's bounds)", () => {
    const value = {
      names: Array.from({ length: 300 }, (_, i) => `name ${i}`),
      escaped: [{ body: '{"widgets": [' + '{\\"x\\": \\"]\\"}, '.repeat(200) + "]}" }, '\\"'.repeat(500)],
      panels: [{ title: "a" }, { title: "b" }],
    };
    for (const indent of [0, 2]) {
      const text = JSON.stringify(value, null, indent);
      const reference = referenceOffsets(text);
      const parsed = parseSource(text);
      for (const pointer of ["/panels/1/title", "/escaped/1", "/names/299", "/escaped/0/body", "/panels/0"]) {
        expect([pointer, parsed.lineOf(pointer)]).toEqual([pointer, lineAt(text, reference.get(pointer) as number)]);
      }
    }
  });

  it("answers a missing member with the end of the container it would be in", () => {
    const text = JSON.stringify({ panels: [{ a: 1 }, { b: 2 }], z: 1 }, null, 2);
    const parsed = parseSource(text);
    expect(parsed.lineOf("/panels/1/b")).toBe(7);
    expect(parsed.lineOf("/panels/7")).toBe(9); // the closing "]" of panels
    expect(parsed.lineOf("/panels/0/missing")).toBe(5); // the closing "}" of panels/0
    expect(parsed.lineOf("/z")).toBe(10);
  });
});
