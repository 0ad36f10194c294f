/**
 * `aws cloudformation get-template --stack-name S > s.json`: the deployed template inside the
 * saved answer ({TemplateBody, StagesAvailable}). The AWS CLI writes a JSON template's body as an
 * object and a YAML one's as text; an SDK's answer holds text either way. The body is judged as a
 * template file is, its evidence pointing into the answer (/TemplateBody/...).
 */
import type { Evidence, Finding, InputError } from "../finding.js";
import { inputErrorAt } from "../finding.js";
import { isRecord } from "../is-record.js";
import { parseEmbeddedText } from "../source/json.js";
import { detectFormat, withoutByteOrderMark, type LineOf } from "../source/source.js";
import { isCloudFormationTemplate, type TemplateInput } from "./template.js";

export const TEMPLATE_BODY_POINTER = "/TemplateBody";

/** The keys of GetTemplate's answer ($metadata: an SDK v3 answer saved whole); a file with others is something else. */
const ANSWER_KEYS = new Set(["TemplateBody", "StagesAvailable", "$metadata"]);

export function isTemplateAnswer(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && "TemplateBody" in value && Object.keys(value).every((key) => ANSWER_KEYS.has(key));
}

/** Whether reading the answer needs the YAML parser (its body is YAML text): the caller loads it first. */
export const templateAnswerNeedsYaml = (value: unknown): boolean =>
  isTemplateAnswer(value) && typeof value["TemplateBody"] === "string" && detectFormat(withoutByteOrderMark(value["TemplateBody"])) === "yaml";

/**
 * The answer's template, as a template of `file`: an object body keeps its lines in the file;
 * a body written as text is one value of the file, so every place in it is cited at its line.
 * A body that is no template, or text that does not parse, is an input error (fail closed).
 */
export function templateAnswerInput(file: string, answer: Record<string, unknown>, lineOf?: LineOf): { template: TemplateInput } | { error: InputError } {
  const fail = (why: string) => ({
    error: inputErrorAt(file, TEMPLATE_BODY_POINTER, lineOf, `aws cloudformation get-template output: its TemplateBody ${why}, so the deployed template is not evaluated (fail closed)`),
  });
  const body = answer["TemplateBody"];
  if (typeof body === "string") {
    const read = parseEmbeddedText(body);
    if ("why" in read) return fail(read.why);
    if (!isCloudFormationTemplate(read.parsed.value)) return fail("is not a CloudFormation template");
    const line = lineOf?.(TEMPLATE_BODY_POINTER);
    return { template: { file, value: read.parsed.value, ...(line !== undefined ? { lineOf: () => line } : {}) } };
  }
  if (!isCloudFormationTemplate(body)) return fail("is not a CloudFormation template");
  return { template: { file, value: body, ...(lineOf ? { lineOf: (pointer: string) => lineOf(`${TEMPLATE_BODY_POINTER}${pointer}`) } : {}) } };
}

/** Findings of templates read from answers, their pointers made the answers' own. */
export function inTemplateAnswers(findings: Finding[], answers: ReadonlySet<string>): Finding[] {
  const moved = (e: Evidence): Evidence => (e.file !== undefined && answers.has(e.file) && e.pointer !== undefined ? { ...e, pointer: `${TEMPLATE_BODY_POINTER}${e.pointer}` } : e);
  return findings.map((f) => (f.evidence.some((e) => e.file !== undefined && answers.has(e.file)) ? { ...f, evidence: f.evidence.map(moved) } : f));
}
