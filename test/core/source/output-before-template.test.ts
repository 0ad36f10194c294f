/**
 * `cdk synth > template.yaml` saves what the app and its build print to standard output before
 * the template: cdk-patterns/serverless committed the-alexa-skill/python/template.yml (08e3163,
 * MIT; facts only) with 52 lines of npm and tsc output above its template (`Parameters:`, line 53), and an app's own
 * console.log lands there too (aws-cdk CLI in node_modules: `synth done` on line 1). Neither
 * CloudFormation nor scan can read such a file: still an error at the first bad line, which now
 * says where the template starts and why the lines before it are there. Decided before running:
 * the error stays (fail closed), its line stays, the message gains the hint; an error inside a
 * template that starts on line 1 gains nothing.
 */
import { parseRefusal } from "./line-of-error.js";

const parseError = parseRefusal;

const template = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

test("an app's console.log line above the template", () => {
  const error = parseError(`synth done\n${template}`);
  expect(error.line).toBe(1);
  expect(error.message).toMatch(/^invalid YAML: .+; the template starts at line 2, after text that is no YAML: output saved with it \(`cdk synth > file` saves what the app and its build print first\); save the template from cdk\.out, or remove the lines before it$/);
});

test("build output above the template, CRLF line ends and a Parameters section first", () => {
  const noise = ["", "> alexa@1.0.0 build /src/the-alexa-skill/python/lambda_fns", "> tsc", "", "Version 3.7.5", "Syntax:   tsc [options] [file...]", "", "Examples: tsc hello.ts", "          tsc --outFile file.js file.ts"];
  const error = parseError(`${noise.join("\r\n")}\r\nParameters:\r\n  Stage:\r\n    Type: String\r\n${template.replace(/\n/g, "\r\n")}`);
  expect(error.message).toContain(`the template starts at line ${noise.length + 1},`);
});

test("an error inside a template, or text with no template section, gains no hint", () => {
  expect(parseError(`${template}  Bad: [unclosed\n`).message).not.toContain("the template starts");
  expect(parseError("synth done\nkey: value\n  other: 1\n").message).not.toContain("the template starts");
});
