/**
 * What an input file is, decided by its content (not its name), and the rules of the kinds that
 * are evaluated one file at a time. Shared by `scan` and the GitHub App's file checks so both
 * reach the same verdict on the same file.
 */
import { isCloudFormationTemplate } from "./cfn/template.js";
import { evaluateDashboardFile, isDashboard } from "./dashboards/index.js";
import type { Evaluated } from "./guarded.js";
import { isAuthorizationDetails, readAuthorizationDetails } from "./iam/authorization-details.js";
import type { ActionCatalogue } from "./iam/catalogue.js";
import { evaluateIam } from "./iam/evaluate.js";
import { isPolicyDocument, policyResponse, readPolicyDocumentFile } from "./iam/policy-file.js";
import { isTerraformJson, readTerraformJson } from "./iam/terraform-plan.js";
import { markAgentHosts } from "./iam/agents.js";
import type { Policy } from "./policy.js";

export type InputKind = "cloudformation-template" | "authorization-details" | "dashboard" | "policy-document" | "terraform-plan";

/** Content decides, not the file name. Order matters: a template is never mistaken for a dashboard. */
export function detectKind(value: unknown): InputKind | undefined {
  if (isCloudFormationTemplate(value)) return "cloudformation-template";
  if (isAuthorizationDetails(value)) return "authorization-details";
  // `terraform show -json` of a plan or of state: the IAM a Terraform configuration declares.
  if (isTerraformJson(value)) return "terraform-plan";
  // A bare document, or the AWS CLI's or an SDK's answer holding one (`aws iam get-role-policy > p.json`).
  if (isPolicyDocument(value) || policyResponse(value)) return "policy-document";
  if (isDashboard(value)) return "dashboard";
  return undefined;
}

export interface ParsedInput {
  file: string;
  value: unknown;
  lineOf?: (pointer: string) => number | undefined;
}


/**
 * The rules of one file. Templates are not evaluated here: they are evaluated together
 * (`evaluateTemplates`), because one template can import another's exports.
 */
export function evaluateInput(input: ParsedInput, kind: Exclude<InputKind, "cloudformation-template">, policy: Policy, catalogue: ActionCatalogue): Evaluated {
  switch (kind) {
    case "authorization-details": {
      const read = readAuthorizationDetails(input.value, input.file, input.lineOf);
      const evaluated = evaluateIam(read.input, policy, catalogue);
      return { findings: evaluated.findings, errors: [...read.errors, ...evaluated.errors] };
    }
    case "policy-document": {
      const read = readPolicyDocumentFile(input.value, input.file, input.lineOf);
      const evaluated = evaluateIam(read.input, policy, catalogue);
      return { findings: evaluated.findings, errors: [...read.errors, ...evaluated.errors] };
    }
    case "terraform-plan": {
      const read = readTerraformJson(input.value, input.file, input.lineOf);
      markAgentHosts(read.hosts, policy.agents);
      const evaluated = evaluateIam(read.input, policy, catalogue);
      return { findings: evaluated.findings, errors: [...read.errors, ...evaluated.errors] };
    }
    case "dashboard":
      return evaluateDashboardFile(input, policy);
  }
}

