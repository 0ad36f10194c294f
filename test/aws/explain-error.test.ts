/** How an AWS failure is put into words: the permission a denied call needs, throttling with its attempts, anything else by name. */
import { explainAwsError, ReadOnlyViolation } from "../../src/aws/session.js";

describe("explainAwsError", () => {
  it("access denied names the IAM permission the call needs", () => {
    const denied = Object.assign(new Error("User: arn:aws:sts::111111111111:assumed-role/audit/ci is not authorized to perform: iam:GetAccountAuthorizationDetails"), { name: "AccessDenied" });
    expect(explainAwsError(denied, "GetAccountAuthorizationDetails")).toBe(`access denied: GetAccountAuthorizationDetails needs the IAM permission iam:GetAccountAuthorizationDetails (AWS said: ${denied.message})`);
    expect(explainAwsError({ name: "UnauthorizedOperation", message: "no" }, "SomethingUnlisted")).toBe("access denied: SomethingUnlisted needs the IAM permission SomethingUnlisted (AWS said: no)");
  });

  it("throttling says how many attempts were made, or 'several' when unknown", () => {
    expect(explainAwsError({ name: "Throttling", message: "Rate exceeded", $metadata: { attempts: 3 } }, "ListRoles")).toBe(
      "throttled: ListRoles was still rate-limited by AWS after 3 attempts; retry later or audit fewer accounts at once (Throttling: Rate exceeded)",
    );
    expect(explainAwsError({ name: "TooManyRequestsException", message: "slow down" }, "ListAccounts")).toMatch(/^throttled: ListAccounts was still rate-limited by AWS after several attempts/);
  });

  it("the read-only guard's refusal is its own message; anything else is named", () => {
    expect(explainAwsError(new ReadOnlyViolation("refusing to call DeleteRole: read-only"), "DeleteRole")).toBe("refusing to call DeleteRole: read-only");
    expect(explainAwsError(Object.assign(new Error("getaddrinfo ENOTFOUND iam.amazonaws.com"), { name: "Error" }), "ListRoles")).toBe("ListRoles failed: Error: getaddrinfo ENOTFOUND iam.amazonaws.com");
    expect(explainAwsError("a string was thrown", "ListRoles")).toBe("ListRoles failed: Error: a string was thrown");
  });
});
