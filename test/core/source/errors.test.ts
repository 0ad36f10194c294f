/**
 * Every way JSON or YAML can be broken is an error with the line of the first bad byte (the
 * reader's own scanner: V8's message has no position on Node 20), and the YAML forms that still
 * parse (BOM, aliases, merge keys, deep nesting, short-form GetAtt) keep their lines.
 */
import { parseSource, SourceParseError } from "../../../src/core/source/parse.js";
import { lineOfError } from "./line-of-error.js";


describe("invalid JSON: the line of the first bad byte", () => {
  // The last column is what the message quotes: the text from the first bad byte (up to 12 characters), or the end of input.
  it.each([
    ["a control character inside a string", '{\n  "a": "line\tbreak"\n}', 2, '\tbreak"\n}'],
    ["an invalid escape", '{\n  "a": 1,\n  "b": "\\x41"\n}', 3, '\\x41"\n}'],
    ["a short \\u escape", '{\n  "a": "\\u12G4"\n}', 2, '\\u12G4"\n}'],
    ["a trailing backslash at the end of input", '{"a": "\\', 1, "\\"],
    ["an unterminated string", '{\n  "a": "open\n', 2, "\n"],
    ["a key that is no string", '{\n  a: 1\n}', 2, "a: 1\n}"],
    ["a missing colon", '{\n  "a" 1\n}', 2, "1\n}"],
    ["a missing comma", '[\n  1\n  2\n]', 3, "2\n]"],
    ["a bare word", '{\n  "a": yes\n}', 2, "yes\n}"],
    ["a trailing comma", '{\n  "a": 1,\n}', 3, "}"],
    ["trailing garbage", '{"a": 1}\n\n}', 3, "}"],
    ["an error after strings holding spaces (a space is no control character)", '{\n  "name": "orders table",\n  "b": tru\n}', 3, "tru\n}"],
    ["an error after empty objects and lists", '{\n  "Tags": {},\n  "Statement": [ ],\n  "b": tru\n}', 4, "tru\n}"],
    ["a number cut short", '{\n  "MaxSessionDuration": 3600,\n  "Threshold": -.5\n}', 3, "-.5\n}"],
    ["a word after a literal", '{\n  "Enabled": true,\n  "Bool": falsey\n}', 3, "y\n}"],
    ["a \\u escape cut short by the end of the string", '{\n  "Sid": "\\u00e",\n  "Effect": "Deny"\n}', 2, '\\u00e",\n  "E'],
    ["an error after numbers with fractions and exponents", '{\n  "Threshold": -1.25e-10, "Period": 3.5E+22,\n  "b": tru\n}', 3, "tru\n}"],
    ["a string still open at the end of input", '{\n  "Effect": "Deny",\n  "Sid": "open', 3, undefined],
  ])("%s", (_name, text, line, excerpt) => {
    expect(lineOfError(text)).toBe(line);
    // The message quotes the text at the bad byte, then what JSON.parse itself said.
    let parserSaid = "";
    try {
      JSON.parse(text);
    } catch (error) {
      // Its first line: V8 quotes the whole input after it.
      parserSaid = (error as Error).message.split("\n")[0] as string;
    }
    expect(() => parseSource(text)).toThrow(`invalid JSON at line ${line}: unexpected ${excerpt === undefined ? "end of input" : JSON.stringify(excerpt)} (${parserSaid})`);
  });

  it("names the unexpected text and the end of input", () => {
    expect(() => parseSource('{"a": [1, 2')).toThrow(/^invalid JSON at line 1: unexpected end of input/);
    expect(() => parseSource('{\n  "a": tru\n}')).toThrow(/^invalid JSON at line 2: unexpected "tru\\n}"/);
  });

  it("nesting deeper than the scanner follows (1,000 levels) is an error at the line where it goes too deep, whatever follows", () => {
    const deep = `${"[".repeat(10050)}1${"]".repeat(10049)}`;
    expect(lineOfError(deep)).toBe(1);
    // JSON.parse reads 1,001 levels; the error is the comma on line 3, but the scanner stops on line 2, and says where.
    expect(() => parseSource(`[\n${"[".repeat(1000)}1${"]".repeat(1000)}\n,]`)).toThrow(/^invalid JSON at line 2: unexpected "1\]{11}" /);
    // 1,000 levels are followed: the error after them keeps its own line.
    expect(lineOfError(`[\n${"[".repeat(999)}1${"]".repeat(999)}\n,]`)).toBe(3);
  });

  it("valid escapes and unicode do not confuse the scanner's line count", () => {
    const text = '{\n  "a": "\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t",\n  "b": [true, false, null, -1.5e3],\n  "c": ,\n}';
    expect(lineOfError(text)).toBe(4);
  });
});

describe("JSON that parses", () => {
  it("a byte-order mark is skipped, and lines still count from the first line", () => {
    const parsed = parseSource('\ufeff{\n  "a": {\n    "b": 1\n  }\n}');
    expect(parsed.value).toEqual({ a: { b: 1 } });
    expect(parsed.lineOf("/a/b")).toBe(3);
    expect(parsed.lineOf("/a")).toBe(2);
  });
});

describe("YAML", () => {
  it("an error names its line", () => {
    expect(lineOfError("Resources:\n  A:\n    Type: [unclosed\n")).toBeGreaterThanOrEqual(3);
  });

  it("aliases and merge keys resolve; keys already set win over merged ones", () => {
    const parsed = parseSource("base: &base\n  Effect: Allow\n  Action: s3:GetObject\nstatement:\n  <<: *base\n  Action: s3:PutObject\nlist: [*base]\nmany:\n  <<: [*base, {Resource: '*'}]\n");
    expect(parsed.value).toEqual({
      base: { Effect: "Allow", Action: "s3:GetObject" },
      statement: { Effect: "Allow", Action: "s3:PutObject" },
      list: [{ Effect: "Allow", Action: "s3:GetObject" }],
      many: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
    });
    expect(parsed.lineOf("/statement/Action")).toBe(6);
  });

  it("a pointer below a known node answers the nearest known line; an unknown top-level one answers the document's", () => {
    const parsed = parseSource("Resources:\n  Role:\n    Type: AWS::IAM::Role\n");
    expect(parsed.lineOf("/Resources/Role/Properties/Policies/0")).toBe(2);
    expect(parsed.lineOf("/Nothing")).toBe(1);
  });

  it("short-form GetAtt with and without an attribute, and the line of the long form", () => {
    const parsed = parseSource("A: !GetAtt Table.Arn\nB: !GetAtt Table\nC: !Ref X\n");
    expect(parsed.value).toEqual({ A: { "Fn::GetAtt": ["Table", "Arn"] }, B: { "Fn::GetAtt": ["Table"] }, C: { Ref: "X" } });
    expect(parsed.lineOf("/B/Fn::GetAtt")).toBe(2);
  });

  it("aliases that expand exponentially (billion laughs) are refused with the line of an alias, in bounded time", () => {
    const levels = ["x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i <= 9; i++) levels.push(`x${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`);
    const bomb = `${levels.join("\n")}\nResources:\n  Role:\n    Type: AWS::IAM::Role\n`;
    let error: unknown;
    try {
      parseSource(bomb);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceParseError);
    const { message, line } = error as SourceParseError;
    expect(message).toMatch(/^invalid YAML at line \d+: its aliases expand to more than \d+ values \(20x the document's size\), refused as an alias bomb$/);
    // The budget runs out inside the nested aliases of the x-levels, not in the resources after them.
    expect(line).toBeGreaterThanOrEqual(2);
    expect(line).toBeLessThanOrEqual(10);
  });

  it("the alias budget is exact: a document making 20 values per character plus 1,000 parses, one character shorter it is refused", () => {
    // 1 (root) + 102 (list a) + 1 + 332 x (1 alias + 102) = 34,300 values, the budget of 1,665 characters.
    const text = (comment: number) => `a: &x [${Array(101).fill("1").join(", ")}]\nb: [${Array(332).fill("*x").join(", ")}]\n#${"x".repeat(comment)}\n`;
    expect(text(21)).toHaveLength(1665);
    expect((parseSource(text(21)).value as { b: unknown[] }).b).toHaveLength(332);
    expect(() => parseSource(text(20))).toThrow("invalid YAML at line 2: its aliases expand to more than 34280 values (20x the document's size), refused as an alias bomb");
  });

  it("the documents of one Kubernetes manifest share the alias budget: each within it alone, together refused", () => {
    const doc = `apiVersion: v1\nkind: ConfigMap\na: &x [${Array(101).fill("1").join(", ")}]\nb: [${Array(332).fill("*x").join(", ")}]\n`;
    const small = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";
    expect((parseSource(`${doc}---\n${small}`).value as { items: unknown[] }).items).toHaveLength(2);
    expect(() => parseSource(`${doc}---\n${doc}`)).toThrow(/refused as an alias bomb$/);
  });

  it("aliases used many times within 20x the document's size still parse (dashboards reuse panels)", () => {
    const panel = "&panel {type: timeseries, title: AI usage, targets: [{expr: 'sum(rate(ai_tool_sessions_total[5m]))'}]}";
    const uses = Array.from({ length: 200 }, () => "*panel").join(", ");
    const parsed = parseSource(`template: ${panel}\npanels: [${uses}]\n`);
    const panels = (parsed.value as { panels: unknown[] }).panels;
    expect(panels).toHaveLength(200);
    expect(panels[199]).toEqual({ type: "timeseries", title: "AI usage", targets: [{ expr: "sum(rate(ai_tool_sessions_total[5m]))" }] });
  });

  it("an alias inside the node it names (a cycle) is an error, not a hang", () => {
    for (const cycle of ["a: &a [*a]\n", "a: &a {b: *a}\n", "Resources:\n  R: &r\n    <<: *r\n"]) {
      expect(() => parseSource(cycle)).toThrow("invalid YAML: nesting deeper than 200 levels");
    }
  });

  it("nesting deeper than 200 levels is an error, not a stack overflow", () => {
    const nested = (n: number) => `a: ${"[".repeat(n)}1${"]".repeat(n)}\n`;
    expect(() => parseSource(nested(250))).toThrow("invalid YAML: nesting deeper than 200 levels");
    // The mapping, 199 lists and the number: 200 levels below the root, the most allowed.
    expect(() => parseSource(nested(199))).not.toThrow();
    expect(() => parseSource(nested(200))).toThrow("invalid YAML: nesting deeper than 200 levels");
  });

  it("a tag named like an Object property is no short form: refused as an unknown tag, or, listed, its value read as written, not hidden under another key", () => {
    // `!<constructor>` once found Object's constructor among the short forms: the policy document
    // became {"function Object() { [native code] }": {...}}, a document with no statement.
    const template = [
      "PolicyDocument: !<constructor>",
      "  Statement:",
      "    - {Effect: Allow, Action: '*', Resource: '*'}",
      "Other: !<__proto__> [a]",
      "Kept: !Ref AgentRole",
    ].join("\n");
    expect(() => parseSource(template)).toThrow("unknown tag !<constructor>: neither a CloudFormation short form");
    const listed = parseSource(template, { listUnknownTags: true });
    expect(listed.value).toEqual({
      PolicyDocument: { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      Other: ["a"],
      Kept: { Ref: "AgentRole" },
    });
    expect(listed.unknownTags?.map((t) => [t.tag, t.line])).toEqual([
      ["constructor", 1],
      ["__proto__", 4],
    ]);
  });

  it("two keys that read as the same name are an error at the second, not a resource silently dropped", () => {
    // The yaml library compares key values (1 is not "1"); the plain object would keep only the
    // bucket, and the agent's admin role before it would never be scanned.
    const template = [
      "Resources:",
      "  1:",
      "    Type: AWS::IAM::Role",
      "    Properties:",
      "      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]",
      '  "1":',
      "    Type: AWS::S3::Bucket",
    ].join("\n");
    expect(() => parseSource(template)).toThrow(new SourceParseError('invalid YAML at line 6: duplicate key "1" (two keys that read as the same name)'));
    expect(lineOfError(template)).toBe(6);
    expect(lineOfError("Condition:\n  Bool:\n    true: x\n    'true': y\n")).toBe(4);
    expect(lineOfError("? {a: 1}\n: x\n? {a: 1}\n: y\n")).toBe(3);
    // The same name in two mappings, and a merged key overridden, are not duplicates.
    expect(parseSource("A:\n  1: x\nB:\n  '1': y\nbase: &b {k: 1}\nC:\n  <<: *b\n  k: 2\n").value).toEqual({ A: { "1": "x" }, B: { "1": "y" }, base: { k: 1 }, C: { k: 2 } });
  });

  it("a merge key whose value is no mapping (a scalar, nothing) adds no key, and a pointer through it finds none", () => {
    const parsed = parseSource("a:\n  <<: abc\n  b: 1\nc:\n  <<: ~\n  d: 2\ne:\n  <<: [~, {f: 3}]\n");
    expect(parsed.value).toEqual({ a: { b: 1 }, c: { d: 2 }, e: { f: 3 } });
    expect(parsed.lineOf("/a/x")).toBe(1);
    expect(parsed.lineOf("/c/x")).toBe(4);
    expect(parsed.lineOf("/e/f")).toBe(8);
  });

  it("a pointer below an empty value answers the line of its key; a complex key's member starts at its key too", () => {
    const parsed = parseSource("Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n");
    expect(parsed.lineOf("/Resources/Role/Properties/Policies/0")).toBe(4);
    const complex = parseSource("outer:\n  ? [a, b]\n  : 1\n  ? [c]\n");
    expect(complex.value).toEqual({ outer: { '["a","b"]': 1, '["c"]': null } });
    expect(complex.lineOf('/outer/["a","b"]')).toBe(2);
    expect(complex.lineOf('/outer/["c"]/x')).toBe(4);
  });

  it("a short form at the document's root keeps the lines below it", () => {
    const parsed = parseSource("!Join\n- ','\n- - a\n  - b\n");
    expect(parsed.value).toEqual({ "Fn::Join": [",", ["a", "b"]] });
    expect(parsed.lineOf("/Fn::Join/1/1")).toBe(4);
  });

  it("an empty document is null; a complex key is kept as text", () => {
    expect(parseSource("# only a comment\n").value).toBeNull();
    // An empty or blank file has no first character to tell JSON from YAML: it is an empty YAML document.
    expect(parseSource("").value).toBeNull();
    expect(parseSource(" \n\t\n").value).toBeNull();
    // Nothing to point at: no line, rather than line 1.
    expect(parseSource("# only a comment\n").lineOf("/Resources")).toBeUndefined();
    expect(parseSource("? [a, b]\n: 1\n").value).toEqual({ '["a","b"]': 1 });
  });
});
