/** How an AWS failure is put into words: the permission a denied call needs, throttling with its attempts, anything else by name. */
import { explainAwsError, ReadOnlyViolation } from "../../src/aws/session.js";

describe("explainAwsError", () => {
  it("access denied names the IAM permission the call needs", () => {
    const denied = Object.assign(new Error("User: arn:aws:sts::111111111111:assumed-role/audit/ci is not authorized to perform: iam:GetAccountAuthorizationDetails"), { name: "AccessDenied" });
    expect(explainAwsError(denied, "GetAccountAuthorizationDetails")).toBe(`access denied: GetAccountAuthorizationDetails needs the IAM permission iam:GetAccountAuthorizationDetails (AWS said: ${denied.message})`);
    expect(explainAwsError({ name: "UnauthorizedOperation", message: "no" }, "SomethingUnlisted")).toBe("access denied: SomethingUnlisted needs the IAM permission SomethingUnlisted (AWS said: no)");
  });

  it("access denied by an organization's SCP or RCP, a boundary or a session policy says so: the IAM permission alone would not help", () => {
    // AWS's wording ("Troubleshoot access denied error messages", IAM User Guide): the policy type that refused.
    const caller = "User: arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AuditAccess_3f8e2a9c71b4d605/dev@example.com is not authorized to perform: cloudformation:DescribeStacks";
    const scp = { name: "AccessDenied", message: `${caller} on resource: arn:aws:cloudformation:ap-southeast-2:111111111111:stack/*/* with an explicit deny in a service control policy` };
    expect(explainAwsError(scp, "DescribeStacks")).toBe(
      `access denied: DescribeStacks (cloudformation:DescribeStacks) is refused by a service control policy of the organization: granting the permission does not help; audit a region or account it allows, or have it exempt the audit role (AWS said: ${scp.message})`,
    );
    expect(explainAwsError({ name: "AccessDenied", message: `${caller} because no service control policy allows the cloudformation:DescribeStacks action` }, "DescribeStacks")).toMatch(
      /^access denied: DescribeStacks \(cloudformation:DescribeStacks\) is refused by a service control policy of the organization:/,
    );
    expect(explainAwsError({ name: "AccessDenied", message: `${caller} with an explicit deny in a resource control policy` }, "DescribeStacks")).toMatch(/is refused by a resource control policy of the organization:/);
    expect(explainAwsError({ name: "AccessDenied", message: `${caller} with an explicit deny in a permissions boundary` }, "DescribeStacks")).toMatch(
      /^access denied: DescribeStacks \(cloudformation:DescribeStacks\) is refused by a permissions boundary: the permission must be allowed there too/,
    );
    expect(explainAwsError({ name: "AccessDenied", message: `${caller} because no session policy allows the cloudformation:DescribeStacks action` }, "DescribeStacks")).toMatch(/is refused by a session policy: the permission must be allowed there too/);
    expect(explainAwsError({ name: "AccessDenied", message: `${caller} with an explicit deny in an identity-based policy` }, "DescribeStacks")).toMatch(
      /^access denied: DescribeStacks \(cloudformation:DescribeStacks\) is refused by an explicit Deny in an identity-based policy of the caller: lift it for this action/,
    );
  });

  it("ListAccounts denied: besides the permission, only the management or a delegated administrator account may list the organization", () => {
    // Organizations answers a member account as it answers a missing permission (AccessDeniedException, one message for both).
    expect(explainAwsError({ name: "AccessDeniedException", message: "You don't have permissions to access this resource." }, "ListAccounts")).toBe(
      "access denied: ListAccounts needs the IAM permission organizations:ListAccounts, called from the organization's management account or a delegated administrator account (a member account may not list the organization) (AWS said: You don't have permissions to access this resource.)",
    );
  });

  it("throttling says how many attempts were made, or 'several' when unknown", () => {
    expect(explainAwsError({ name: "Throttling", message: "Rate exceeded", $metadata: { attempts: 3 } }, "ListRoles")).toBe(
      "throttled: ListRoles was still rate-limited by AWS after 3 attempts; retry later or audit fewer accounts at once (Throttling: Rate exceeded)",
    );
    expect(explainAwsError({ name: "TooManyRequestsException", message: "slow down" }, "ListAccounts")).toMatch(/^throttled: ListAccounts was still rate-limited by AWS after several attempts/);
  });

  it("no region or no credentials (the SDK's own errors, before anything is sent): says what to set, not a permission", () => {
    // The SDK throws a plain Error for the region, a CredentialsProviderError (an expired SSO session too) or a TokenProviderError (@smithy/core) for credentials.
    expect(explainAwsError(new Error("Region is missing"), "DescribeStacks")).toBe(
      "DescribeStacks not sent: no AWS region is configured (the SDK needs one, even for IAM): pass --region, set AWS_REGION, or give the profile a region",
    );
    expect(explainAwsError({ name: "CredentialsProviderError", message: "Could not load credentials from any providers" }, "GetAccountAuthorizationDetails")).toBe(
      "GetAccountAuthorizationDetails not sent: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers): pass --profile or set AWS_PROFILE, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login for an IAM Identity Center profile",
    );
    expect(explainAwsError({ name: "TokenProviderError", message: "The SSO session associated with this profile has expired. To refresh this SSO session run 'aws sso login' with the corresponding profile." }, "AssumeRole")).toMatch(
      /^AssumeRole not sent: no usable AWS credentials \(TokenProviderError: The SSO session .* has expired\. .*\): pass --profile/,
    );
    // Not the setup: named as before.
    expect(explainAwsError(new Error("Region is missing from the endpoint"), "ListRoles")).toBe("ListRoles failed: Error: Region is missing from the endpoint");
  });

  it("the read-only guard's refusal is its own message; anything else is named", () => {
    expect(explainAwsError(new ReadOnlyViolation("refusing to call DeleteRole: read-only"), "DeleteRole")).toBe("refusing to call DeleteRole: read-only");
    expect(explainAwsError(Object.assign(new Error("getaddrinfo ENOTFOUND iam.amazonaws.com"), { name: "Error" }), "ListRoles")).toBe("ListRoles failed: Error: getaddrinfo ENOTFOUND iam.amazonaws.com");
    expect(explainAwsError("a string was thrown", "ListRoles")).toBe("ListRoles failed: Error: a string was thrown");
  });
});
