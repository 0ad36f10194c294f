/**
 * CloudFormation templates named by conventions the globs missed, on real layouts (paths judged
 * before running: each file is a template that creates AWS resources, IAM roles among them).
 *
 * - aws-quickstart/quickstart-aws-vpc @9f136d47 (Apache-2.0): templates/aws-vpc.template, the AWS
 *   Quick Start (taskcat) layout of JSON templates named *.template, 15 repositories of them in the
 *   index; the later *.template.yaml were already named.
 * - awsdocs/elastic-beanstalk-samples @67b76f0d (Apache-2.0, per the file header):
 *   cfn-templates/servicerole.yaml (an AWS::IAM::Role with AWSElasticBeanstalkService),
 *   cfn-templates/instanceprofile-web.yaml: a folder named for CloudFormation, not cfn/ itself.
 */
import { infraFiles } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr } from "./facts.js";

const globs = resolvePolicy().review.infraPaths;
const byGlob = (path: string): string[] => infraFiles(copilotPr({ files: [{ path }] }), globs);

describe("CloudFormation templates by their conventional names are infrastructure", () => {
  it.each([
    "templates/aws-vpc.template",
    "submodules/quickstart-linux-bastion/templates/linux-bastion.template",
    "cfn-templates/servicerole.yaml",
    "cfn_templates/network.json",
    "cloudformation-templates/vpc.yaml",
    "infra-cloudformation/iam.yml",
    "stacks/orders.cfn.yaml",
    "stacks/orders-cfn.yml",
    "stacks/network.cloudformation.json",
  ])("%s", (path) => {
    expect(byGlob(path)).toEqual([path]);
  });
});

describe("other files named template stay outside", () => {
  it.each(["src/cfnlint/rules/resources/iam.py", ".env.template", "config/nginx.conf.template", "src/templates/email.html", "src/templates/welcome.hbs", "docs/templates/page.md"])("%s", (path) => {
    expect(byGlob(path)).toEqual([]);
  });
});
