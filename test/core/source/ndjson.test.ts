/**
 * JSON Lines (`.ndjson`, `.jsonl`): one JSON value per line, as Kibana exports its saved objects.
 * Such a file did not parse as JSON ("invalid JSON at line 2"), and one met while walking a
 * directory was not even opened, so a Kibana adoption dashboard passed any repository scan.
 */
import { parseJsonInput } from "../../../src/core/source/ndjson.js";
import { SourceParseError } from "../../../src/core/source/source.js";

describe("JSON, or JSON Lines when the text is several values one per line", () => {
  it("a JSON document is read as JSON, pretty-printed or on one line", () => {
    expect(parseJsonInput('{\n  "a": [1,\n 2]\n}\n').value).toEqual({ a: [1, 2] });
    expect(parseJsonInput('{"a":1}\n').value).toEqual({ a: 1 });
  });

  it("several values, one per line (blank lines and CRLF allowed), are the records of a list; each pointer is on its record's line", () => {
    const parsed = parseJsonInput('{"type":"lens","id":"a"}\r\n\r\n{"type":"dashboard","attributes":{"title":"x"}}\n{"exportedCount":2}\n');
    expect(parsed.value).toEqual([{ type: "lens", id: "a" }, { type: "dashboard", attributes: { title: "x" } }, { exportedCount: 2 }]);
    expect(parsed.lineOf("/0")).toBe(1);
    expect(parsed.lineOf("/1/attributes/title")).toBe(3);
    expect(parsed.lineOf("/2")).toBe(4);
    expect(parsed.lineOf("")).toBe(1);
  });

  it("a record that is not JSON is an error at its line, not at the first record's", () => {
    let error: unknown;
    try {
      parseJsonInput('{"type":"lens"}\n{"type":"dashboard"}\n{"type": "dashboard", "attributes": {\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceParseError);
    expect((error as SourceParseError).line).toBe(3);
    expect((error as SourceParseError).message).toMatch(/^invalid JSON Lines at line 3: /);
  });

  it("a JSON document broken before its first value ends keeps JSON's own error", () => {
    expect(() => parseJsonInput('{\n  "a": 1,\n  "b": \n}\n')).toThrow(/^invalid JSON at line 4: /);
  });
});
