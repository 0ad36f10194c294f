/**
 * parseSource's JSON line lookups (lazy, memoized, resumable) against a plain recursive-descent
 * reading of the same text: every pointer, asked in any order, gets the line its value starts on.
 */
import fc from "fast-check";
import { parseSource } from "../../../src/core/source/parse.js";
import { toPointer, valueAt } from "../../../src/core/source/pointer.js";

/**
 * Offset of every value in well-formed JSON text, by pointer; with `ends`, also where each
 * container's members end (its closing bracket), the answer for a member it does not have.
 */
function referenceOffsets(text: string, ends = new Map<string, number>()): Map<string, number> {
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
        ends.set(toPointer(path), i++);
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
        if (text[i] === close) ends.set(toPointer(path), i);
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

  // Minified JSON is answered without a walk (every value lies within the root's span), and says
  // so (everyLine); that holds only while no newline breaks the span, whatever surrounds it.
  it("minified JSON: every pointer on the root's line, blank lines around it or not; a newline inside the root ends the shortcut", () => {
    const minified = JSON.stringify({ a: [1, { b: "x" }], c: { d: null } });
    for (const [lead, trail] of [["", ""], ["\n\n", ""], ["", "\n"], [" \r\n\t", "\r\n \n"], ["\n", " "]] as const) {
      const parsed = parseSource(lead + minified + trail);
      const line = lead.split("\n").length;
      expect(parsed.lineOf.everyLine).toBe(line);
      for (const pointer of ["", "/a/1/b", "/c/d", "/a/7", "/c/missing", "/a/0/x"]) expect([pointer, parsed.lineOf(pointer)]).toEqual([pointer, line]);
    }
    expect(parseSource("[]").lineOf.everyLine).toBe(1);
    // One newline, just before the root's last bracket: everything is on line 1 but where a missing member would be.
    const broken = parseSource('{"a":[1,{"b":"x"}],"c":{"d":null}\n}');
    expect(broken.lineOf.everyLine).toBeUndefined();
    expect(["", "/a/1/b", "/c/d", "/a/7"].map((p) => broken.lineOf(p))).toEqual([1, 1, 1, 1]);
    expect(broken.lineOf("/missing")).toBe(2);
    // One newline, just after the root's first bracket.
    const opened = parseSource('\n[\n{"a":1},[2]]');
    expect(opened.lineOf.everyLine).toBeUndefined();
    expect(["", "/0/a", "/1/0", "/5"].map((p) => opened.lineOf(p))).toEqual([2, 3, 3, 3]);
  });

  it("answers a missing member with the end of the container it would be in", () => {
    const text = JSON.stringify({ panels: [{ a: 1 }, { b: 2 }], z: 1 }, null, 2);
    const parsed = parseSource(text);
    expect(parsed.lineOf("/panels/1/b")).toBe(7);
    expect(parsed.lineOf("/panels/7")).toBe(9); // the closing "]" of panels
    expect(parsed.lineOf("/panels/0/missing")).toBe(5); // the closing "}" of panels/0
    expect(parsed.lineOf("/z")).toBe(10);
  });

  it("a segment that is no array index in RFC 6901's sense ('01', '-0', '1.0') names no item, even once the item was found", () => {
    const json = JSON.stringify({ Statement: [{ Effect: "Deny" }, { Effect: "Allow" }] }, null, 2);
    const yaml = "Statement:\n  - Effect: Deny\n  - Effect: Allow\n";
    for (const [text, end] of [[json, 9], [yaml, 1]] as const) {
      const parsed = parseSource(text);
      expect(parsed.lineOf("/Statement/1")).toBe(text === json ? 6 : 3);
      expect(parsed.lineOf("/Statement/0")).toBe(text === json ? 3 : 2);
      // The nearest value that exists: the list (JSON: where its items end; YAML: its key).
      for (const segment of ["01", "-0", "1.0", " 1"]) expect([segment, parsed.lineOf(`/Statement/${segment}`)]).toEqual([segment, end]);
    }
  });

  // The lookups skip members without parsing them: a container from bracket to bracket (a regex
  // crosses up to 64 strings of up to 64 escapes per match), a string from quote to quote, a
  // number or literal up to a delimiter. Whatever the layout, they must land where a full reading does.
  it("any layout JSON allows (inline containers, spaces around colons, CRLF, leading blank lines) and strings of quotes, backslashes and brackets", () => {
    const nasty = fc.string({ unit: fc.constantFrom('"', "\\", "{", "}", "[", "]", ",", ":", " ", "\n", "a", "é"), maxLength: 10 });
    // Past the regex's bounds: over 64 escapes in one string.
    const escapes = fc.tuple(fc.integer({ min: 60, max: 140 }), fc.constantFrom('"', "\\", '"]', "\\}")).map(([n, unit]) => unit.repeat(n));
    const key = fc.oneof(nasty, fc.constantFrom("Effect", "Action", "a/b", "~0", ""));
    const json = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("leaf"), tie("array"), tie("object"), tie("many")),
      leaf: fc.oneof(nasty, escapes, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
      array: fc.array(tie("node"), { maxLength: 4 }),
      object: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
      // Past the regex's bounds: over 64 strings in one container.
      many: fc.array(nasty, { minLength: 60, maxLength: 140 }),
    })).node;
    /** Renders with a layout drawn per container: inline or one member a line, and how colons and commas are spaced. */
    const render = (value: unknown, layout: number[], crlf: boolean): string => {
      let k = 0;
      const nl = crlf ? "\r\n" : "\n";
      const go = (v: unknown, depth: number): string => {
        if (v === null || typeof v !== "object") return JSON.stringify(v);
        const c = layout[k++ % layout.length] as number;
        const colon = [": ", ":", " : ", ` :${nl}  `][c % 4] as string;
        const members = Array.isArray(v) ? v.map((item: unknown) => go(item, depth + 1)) : Object.entries(v).map(([name, item]) => JSON.stringify(name) + colon + go(item, depth + 1));
        const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
        if (members.length === 0) return open + (c % 5 === 0 ? " " : "") + close;
        if (c % 3 === 0) return open + members.join(c % 2 ? ", " : ",") + close;
        const pad = nl + "  ".repeat(depth + 1);
        return open + pad + members.join("," + pad) + nl + "  ".repeat(depth) + close;
      };
      return go(value, 0);
    };
    fc.assert(
      fc.property(fc.oneof(fc.array(json, { maxLength: 4 }), fc.dictionary(key, json, { maxKeys: 4 })), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.constantFrom("", "\n", " \r\n\t"), fc.constantFrom("", "\n", "\r\n \n"), fc.integer({ min: 1, max: 1000 }), (value, layout, crlf, lead, trail, stride) => {
        const text = lead + render(value, layout, crlf) + trail;
        const ends = new Map<string, number>();
        const reference = referenceOffsets(text, ends);
        const parsed = parseSource(text);
        expect(parsed.value).toEqual(JSON.parse(text));
        // Besides every value: a member missing from each container (its closing bracket's line),
        // and pointers below a string, number or literal (the nearest value that exists: that one).
        const missing = new Map(
          [...ends].flatMap(([p, offset]) => {
            const container = valueAt(parsed.value, p);
            // An array also lacks the items at and after its length.
            const past = Array.isArray(container) ? [`${p}/${container.length}`, `${p}/${container.length + 1}`] : [];
            return [`${p}/missing`, ...past].map((q) => [q, offset] as const);
          }),
        );
        const scalars = [...reference].filter(([, offset], i) => i % 5 === 0 && text[offset] !== "{" && text[offset] !== "[");
        const below = new Map(scalars.flatMap(([p, offset]) => [`${p}/0`, `${p}/1`, `${p}/Effect`].map((q) => [q, offset] as const)));
        const pointers = [...reference.keys(), ...missing.keys(), ...below.keys()];
        const lineStarts = [...text.matchAll(/\n/g)].map((m) => m.index);
        const lineOfOffset = (offset: number): number => {
          let [lo, hi] = [0, lineStarts.length];
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if ((lineStarts[mid] as number) < offset) lo = mid + 1;
            else hi = mid;
          }
          return lo + 1;
        };
        const expected = (pointer: string): number => lineOfOffset((reference.get(pointer) ?? missing.get(pointer) ?? below.get(pointer)) as number);
        for (let n = 0; n < pointers.length; n++) {
          const pointer = pointers[(n * stride) % pointers.length] as string;
          expect([pointer, parsed.lineOf(pointer)]).toEqual([pointer, expected(pointer)]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
