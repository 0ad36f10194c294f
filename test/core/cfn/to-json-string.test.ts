/**
 * A CloudWatch dashboard whose body is written with Fn::ToJsonString (AWS::LanguageExtensions):
 * the body is the JSON of the object, so the dashboard rule judges it like a body written as
 * text. Verdicts decided from the templates before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function dashboard(widgets: string) {
  const yaml = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  AdoptionDashboard:
    Type: AWS::CloudWatch::Dashboard
    Properties:
      DashboardName: claude-code-adoption
      DashboardBody:
        Fn::ToJsonString:
          widgets:
            - type: metric
              x: 0
              y: 0
              width: 12
              height: 6
              properties:
                title: Claude Code sessions per week
                region: !Ref AWS::Region
                metrics:
                  - [ClaudeCode, SessionCount]
                stat: Sum
                period: 604800
${widgets}`;
  const parsed = parseSource(yaml);
  const { findings, errors } = evaluateTemplates([{ file: "dash.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "Metrics", account: "111111111111" }], policy, catalogue);
  return { errors, dashboards: findings.filter((f) => f.rule === "adoption-dashboard-no-incidents").map((f) => [f.severity, f.evidence[0]?.line, f.evidence[0]?.pointer]) };
}

it("an adoption panel without an incident panel is flagged at the body's line", () => {
  expect(dashboard("")).toEqual({ errors: [], dashboards: [["warning", 8, "/Resources/AdoptionDashboard/Properties/DashboardBody"]] });
});

it("with an incident panel beside it, nothing is flagged", () => {
  const incidents = `            - type: metric
              x: 12
              y: 0
              width: 12
              height: 6
              properties:
                title: Incidents and rollbacks caused by AI-authored changes
                region: !Ref AWS::Region
                metrics:
                  - [Reliability, IncidentCount]
                  - [Reliability, RollbackCount]
                stat: Sum
                period: 604800
`;
  expect(dashboard(incidents)).toEqual({ errors: [], dashboards: [] });
});
