import { z } from "zod";
import { firstIssue } from "../../../src/core/source/validation-issue.js";
import { parseSource } from "../../../src/core/source/parse.js";

const schema = z.strictObject({ agents: z.strictObject({ logins: z.array(z.string()) }).optional() });
const issueOf = (text: string) => {
  const parsed = parseSource(text);
  const result = schema.safeParse(parsed.value);
  if (result.success) throw new Error("expected a validation failure");
  return firstIssue(result.error, parsed.lineOf);
};

describe("firstIssue", () => {
  test("an unknown key: its full path and line", () => {
    expect(issueOf("agents:\n  logins: [a]\n  login: [b]\n")).toEqual({ message: 'unknown key "agents.login"', line: 3 });
  });

  test("a value of the wrong type: its path and line, then the schema's words", () => {
    expect(issueOf("agents:\n  logins: [a, 3]\n")).toMatchObject({ message: expect.stringMatching(/^"agents\.logins\.1": /) as unknown as string, line: 2 });
  });

  test("the whole document of the wrong type: the schema's words alone, at the first line", () => {
    const issue = issueOf("- agents\n");
    expect(issue.message).toMatch(/^(?!")\S/);
    expect(issue.line).toBe(1);
  });

  test("a failure without any issue (never produced by zod, but not a pass): 'invalid'", () => {
    expect(firstIssue(new z.ZodError([]), () => 1)).toEqual({ message: "invalid" });
  });
});
