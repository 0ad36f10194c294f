/**
 * The GitHub App on AWS Lambda (issue 19): a function URL GitHub delivers webhooks to, the
 * private key and webhook secret in Secrets Manager (the template holds their ARNs, never their
 * values), a dead-letter queue for deliveries whose handling failed, alarms and a dashboard.
 * The Lambda's environment follows ISSUE19-CONTRACT.md: APP_ID, GITHUB_PRIVATE_KEY_SECRET_ARN,
 * GITHUB_WEBHOOK_SECRET_ARN, DEAD_LETTER_QUEUE_URL.
 */
import { App, Aspects, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import type { Construct } from "constructs";
import { AgentGuardrails } from "../src/cdk/index.js";
import { gheHostProblem } from "../src/github/ghe-host.js";

/** The EMF namespace the handler writes (ISSUE19-CONTRACT.md "Metrics"). */
export const METRICS_NAMESPACE = "AgentGuardrail";

export interface GitHubAppStackProps extends StackProps {
  /** The GitHub App's numeric id (plain: it is on the App's public page). */
  appId: string;
  /** The directory `npm run build` writes the handler to (dist/lambda/). */
  lambdaAsset: string;
  /** Complete ARNs of existing secrets; when absent the stack creates empty ones for the operator to fill. */
  privateKeySecretArn?: string;
  webhookSecretArn?: string;
  /**
   * The customer-managed KMS key your imported secrets are encrypted with: GetSecretValue on such a
   * secret also needs kms:Decrypt on its key, granted only through Secrets Manager. Not needed for
   * aws/secretsmanager, the key of the secrets the stack creates.
   */
  secretsKeyArn?: string;
  /** Where alarm notifications go besides the SNS topic (a subscription to confirm by email). */
  alarmEmail?: string;
  /** Upper bound on concurrent deliveries: caps GitHub API use and cost (default 10). */
  reservedConcurrency?: number;
  logRetention?: logs.RetentionDays;
  /** X-Ray active tracing (default off). */
  tracing?: boolean;
  /**
   * GitHub Enterprise Server's host name (`github.acme.example`, with `:port` if not 443): the
   * function's GHE_HOST, which Probot turns into https://<host>/api/v3. Without it the function
   * calls api.github.com, where a GHES App's id and key mean nothing: every delivery fails.
   */
  gheHost?: string;
}

const acknowledge = (scope: Construct, id: string, reason: string): void => Validations.of(scope).acknowledge({ id, reason });

export class GitHubAppStack extends Stack {
  readonly handler: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: GitHubAppStackProps) {
    // Termination protection: deleting the stack would delete the queue of deliveries to redeliver.
    super(scope, id, { terminationProtection: true, ...props });

    const privateKey = this.secret("PrivateKey", props.privateKeySecretArn, "The GitHub App's private key (PEM). Put it with put-secret-value; see docs/operations.md.");
    const webhookSecret = this.secret("WebhookSecret", props.webhookSecretArn, "The GitHub App's webhook secret. Put it with put-secret-value; see docs/operations.md.");

    // Failed deliveries (metadata only, never payloads or secrets) wait here for an operator to
    // redeliver them; 14 days, SQS's maximum, covers a long weekend and a slow incident.
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.deadLetterQueue, "AwsSolutions-SQS3", "This queue is the dead-letter queue: the handler records failed deliveries in it, nothing consumes it automatically.");

    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtectionEnabled: true,
    });

    // The role is written out instead of CDK's default (AWSLambdaBasicExecutionRole on every log
    // group of the account): each statement names the one resource it is for.
    const role = new iam.Role(this, "HandlerRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "The agent-guardrail GitHub App's Lambda: reads its two secrets, records failed deliveries, writes its logs",
    });
    role.addToPolicy(new iam.PolicyStatement({ sid: "ReadAppSecrets", actions: ["secretsmanager:GetSecretValue"], resources: [privateKey.secretArn, webhookSecret.secretArn] }));
    if (props.secretsKeyArn) {
      // Without it every GetSecretValue of a secret under that key is refused: every delivery a 500.
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: "DecryptAppSecrets",
          actions: ["kms:Decrypt"],
          resources: [props.secretsKeyArn],
          conditions: { StringEquals: { "kms:ViaService": `secretsmanager.${this.region}.amazonaws.com` } },
        }),
      );
    }
    role.addToPolicy(new iam.PolicyStatement({ sid: "RecordFailedDeliveries", actions: ["sqs:SendMessage"], resources: [this.deadLetterQueue.queueArn] }));
    role.addToPolicy(new iam.PolicyStatement({ sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [logGroup.logGroupArn] }));

    this.handler = new lambda.Function(this, "Handler", {
      description: "agent-guardrail GitHub App: webhook deliveries in, check runs out",
      // Node.js 24, not the 20 the package requires at least: AWS deprecated nodejs20.x on
      // 2026-04-30 and stops creating functions on it on 2027-02-01. The bundle targets Node 20
      // syntax, which 24 runs.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      // The bundle from `npm run build` (scripts/bundle.js): no bundling, no Docker, at synth.
      code: lambda.Code.fromAsset(props.lambdaAsset),
      handler: "dist/github/lambda.handler",
      memorySize: 1024,
      // GitHub waits 10 s for a response; an evaluation that takes longer still finishes its check
      // runs. A push that changes a branch's config re-evaluates up to 50 open PRs in one
      // invocation, and Probot's Octokit paces GraphQL queries and writes 1 s apart (process-wide):
      // about 4 s per PR, 7 s when its runs passed (in_progress first), so 60 s reached only the
      // first 8 to 13, every time it was redelivered. Lambda's longest, 15 min, covers the 50.
      timeout: Duration.minutes(15),
      reservedConcurrentExecutions: props.reservedConcurrency ?? 10,
      role,
      logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: {
        APP_ID: props.appId,
        GITHUB_PRIVATE_KEY_SECRET_ARN: privateKey.secretArn,
        GITHUB_WEBHOOK_SECRET_ARN: webhookSecret.secretArn,
        DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
        ...(props.gheHost ? { GHE_HOST: props.gheHost } : {}),
      },
    });
    if (props.tracing) {
      acknowledge(role, "AwsSolutions-IAM5[Resource::*]", "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions: AWS requires Resource *.");
    }

    // Auth NONE is the only auth GitHub can use: it cannot sign requests with AWS SigV4. Each
    // delivery is authenticated by its X-Hub-Signature-256 HMAC, verified before anything runs.
    const url = this.handler.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new CfnOutput(this, "WebhookUrl", { value: url.url, description: "The GitHub App's webhook URL" });
    new CfnOutput(this, "PrivateKeySecretArn", { value: privateKey.secretArn });
    new CfnOutput(this, "WebhookSecretArn", { value: webhookSecret.secretArn });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: this.deadLetterQueue.queueUrl });

    const topic = this.alarmTopic(props.alarmEmail);
    this.alarms = this.createAlarms();
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    this.dashboard = this.createDashboard(this.alarms);
  }

  /** An imported secret (complete ARN) or a new one whose value the operator puts. */
  private secret(id: string, arn: string | undefined, description: string): secretsmanager.ISecret {
    if (arn !== undefined) return secretsmanager.Secret.fromSecretCompleteArn(this, id, arn);
    // No SecretString in the template: CloudFormation would put a generated string, which the
    // operator replaces before the App is installed (the handler fails closed until then).
    const secret = new secretsmanager.Secret(this, id, { description, removalPolicy: RemovalPolicy.RETAIN });
    acknowledge(
      secret,
      "AwsSolutions-SMG4",
      "Secrets Manager cannot rotate these: the private key is issued by GitHub and the webhook secret must change on GitHub at the same time (docs/operations.md).",
    );
    return secret;
  }

  /** Alarm notifications: SNS encrypted with a key CloudWatch may use (it cannot use aws/sns). */
  private alarmTopic(email: string | undefined): sns.Topic {
    const key = new kms.Key(this, "AlarmTopicKey", {
      description: "Encrypts the agent-guardrail App's alarm topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.grant(new iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    const topic = new sns.Topic(this, "Alarms", { displayName: "agent-guardrail App alarms", masterKey: key, enforceSSL: true });
    if (email) topic.addSubscription(new subscriptions.EmailSubscription(email));
    new CfnOutput(this, "AlarmTopicArn", { value: topic.topicArn });
    return topic;
  }

  /** `label` for graphs only: a labelled metric makes an alarm a metric-math alarm. */
  private appMetric(metricName: string, statistic: string, label?: string): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, statistic, period: Duration.minutes(5), ...(label ? { label } : {}) });
  }

  private createAlarms(): cloudwatch.Alarm[] {
    const fiveMinutes = { period: Duration.minutes(5) };
    const atLeastOne = { threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD };
    return [
      // No invocations means no errors: missing data is not breaching.
      new cloudwatch.Alarm(this, "ErrorsAlarm", {
        alarmDescription: "The handler failed (a 500 or a crash): deliveries were not evaluated; see the dead-letter queue",
        metric: this.handler.metricErrors({ ...fiveMinutes, statistic: "Sum" }),
        ...atLeastOne,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, "ThrottlesAlarm", {
        alarmDescription: "Deliveries were refused at the reserved concurrency: GitHub does not retry them",
        metric: this.handler.metricThrottles({ ...fiveMinutes, statistic: "Sum" }),
        ...atLeastOne,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // Emitted as 0 on every delivery: missing only when nothing was delivered, which writes nothing.
      new cloudwatch.Alarm(this, "CheckRunWriteFailuresAlarm", {
        alarmDescription: "Check runs could not be created or updated on GitHub: pull requests wait on a check that does not conclude",
        metric: this.appMetric("CheckRunWriteFailures", "Sum"),
        ...atLeastOne,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // Missing when there were no deliveries (nothing spent the limit): not breaching.
      new cloudwatch.Alarm(this, "RateLimitAlarm", {
        alarmDescription: "Less than 10% of the installation's GitHub API rate limit is left: evaluations will start failing",
        metric: this.appMetric("RateLimitRemainingPercent", "Minimum"),
        threshold: 10,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // SQS stops publishing metrics for a queue idle for hours, messages or not: missing data keeps
      // the alarm in the state it was in, so a waiting delivery stays in ALARM until it is handled.
      new cloudwatch.Alarm(this, "DeadLetterQueueAlarm", {
        alarmDescription: "A delivery failed and waits in the dead-letter queue for redelivery (docs/operations.md)",
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: "Maximum" }),
        ...atLeastOne,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      }),
      // A burst of bad signatures: a rotated webhook secret not yet in Secrets Manager, or someone probing the URL.
      new cloudwatch.Alarm(this, "SignatureFailuresAlarm", {
        alarmDescription: "Many deliveries had a bad signature: the webhook secrets on GitHub and in Secrets Manager differ, or the URL is being probed",
        metric: this.appMetric("SignatureFailures", "Sum"),
        threshold: 10,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }

  /**
   * Usage next to incidents: the project's own adoption-dashboard-no-incidents rule reads the
   * usage panel (coding agent pull requests checked) as adoption, and requires the alarm panel.
   */
  private createDashboard(alarms: cloudwatch.Alarm[]): cloudwatch.Dashboard {
    const conclusions = new cloudwatch.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},Check,Conclusion} MetricName="CheckConclusions"', 'Sum', 300)`,
      label: "",
      period: Duration.minutes(5),
    });
    const dashboard = new cloudwatch.Dashboard(this, "Dashboard", { defaultInterval: Duration.days(7) });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Incidents and outages: alarm state of the App", alarms, width: 24, height: 4 }),
      new cloudwatch.GraphWidget({
        title: "Usage: coding agent pull requests checked (webhook deliveries)",
        left: [this.appMetric("Deliveries", "Sum", "Deliveries")],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: "Usage: check runs concluded, by check and conclusion", left: [conclusions], width: 12 }),
      new cloudwatch.GraphWidget({
        title: "GitHub API: requests spent and rate limit remaining (%)",
        left: [this.appMetric("GitHubRequests", "Sum", "GitHub requests")],
        right: [this.appMetric("RateLimitRemainingPercent", "Minimum", "Rate limit remaining (%)")],
        rightYAxis: { min: 0, max: 100 },
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: "Evaluation time (ms)",
        left: [this.appMetric("EvaluationTime", "p50", "p50"), this.appMetric("EvaluationTime", "p99", "p99")],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: "Failures: check-run writes, signatures, handler errors, dead-letter queue",
        left: [
          this.appMetric("CheckRunWriteFailures", "Sum", "Check-run write failures"),
          this.appMetric("SignatureFailures", "Sum", "Signature failures"),
          this.handler.metricErrors({ period: Duration.minutes(5), statistic: "Sum", label: "Handler errors" }),
          this.handler.metricThrottles({ period: Duration.minutes(5), statistic: "Sum", label: "Throttles" }),
          this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum", label: "Deliveries to redeliver" }),
        ],
        width: 24,
      }),
    );
    return dashboard;
  }
}

/** Context an operator passes with `-c key=value` (or in cdk.json). */
export interface DeployContext {
  appId?: unknown;
  privateKeySecretArn?: unknown;
  webhookSecretArn?: unknown;
  secretsKeyArn?: unknown;
  alarmEmail?: unknown;
  reservedConcurrency?: unknown;
  tracing?: unknown;
  gheHost?: unknown;
}

/** Keys that would put a secret value into the template or the cloud assembly: refused. */
const SECRET_VALUE_KEYS = ["privateKey", "webhookSecret", "PRIVATE_KEY", "WEBHOOK_SECRET"];

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:mrk-)?[0-9a-f-]{32,36}$/;

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/**
 * The stack's props from context. Anything wrong throws (cdk synth exits non-zero): a deployment
 * with a mistyped ARN or App id would only fail on its first delivery.
 */
export function propsFromContext(get: (key: string) => unknown, lambdaAsset: string): GitHubAppStackProps {
  for (const key of SECRET_VALUE_KEYS) {
    // Never echo the value: the message names the key only.
    if (get(key) !== undefined) throw new Error(`context "${key}" is a secret value: it would be written to cdk.out. Put it in Secrets Manager instead (docs/operations.md); the stack takes secret ARNs only`);
  }
  const text = (key: keyof DeployContext): string | undefined => {
    const value = get(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string" && typeof value !== "number") throw new Error(`context "${key}" must be a string`);
    return String(value).trim();
  };
  const appId = text("appId");
  if (!appId || !/^[1-9]\d*$/.test(appId)) throw new Error('context "appId" must be the GitHub App\'s numeric id: cdk deploy -c appId=123456');
  const props: GitHubAppStackProps = { appId, lambdaAsset };
  for (const key of ["privateKeySecretArn", "webhookSecretArn"] as const) {
    const arn = text(key);
    if (arn === undefined) continue;
    if (!SECRET_ARN.test(arn)) throw new Error(`context "${key}" must be a complete Secrets Manager secret ARN (ending in the 6-character suffix), got ${JSON.stringify(arn)}`);
    props[key] = arn;
  }
  const keyArn = text("secretsKeyArn");
  if (keyArn !== undefined) {
    // A key ARN, not an alias: an alias ARN in a policy's Resource matches no key.
    if (!KMS_KEY_ARN.test(keyArn)) throw new Error(`context "secretsKeyArn" must be the ARN of the KMS key your secrets are encrypted with (arn:aws:kms:<region>:<account>:key/<key id>), got ${JSON.stringify(keyArn)}`);
    if (props.privateKeySecretArn === undefined && props.webhookSecretArn === undefined) throw new Error('context "secretsKeyArn" is for secrets you import (privateKeySecretArn, webhookSecretArn): the secrets the stack creates use aws/secretsmanager');
    props.secretsKeyArn = keyArn;
  }
  const email = text("alarmEmail");
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`context "alarmEmail" is not an email address: ${JSON.stringify(email)}`);
    props.alarmEmail = email;
  }
  const concurrency = text("reservedConcurrency");
  if (concurrency !== undefined) {
    if (!/^\d+$/.test(concurrency) || Number(concurrency) < 1 || Number(concurrency) > 1000) throw new Error(`context "reservedConcurrency" must be a whole number from 1 to 1000, got ${JSON.stringify(concurrency)}`);
    props.reservedConcurrency = Number(concurrency);
  }
  const tracing = text("tracing");
  if (tracing !== undefined) {
    if (tracing !== "true" && tracing !== "false") throw new Error(`context "tracing" must be true or false, got ${JSON.stringify(tracing)}`);
    props.tracing = tracing === "true";
  }
  const gheHost = text("gheHost");
  if (gheHost !== undefined) {
    // A host, not a URL: Probot prefixes https:// and appends /api/v3 itself.
    const problem = gheHostProblem(gheHost);
    if (problem === "not a host name") throw new Error(`context "gheHost" must be your GitHub Enterprise Server's host name (github.acme.example, or host:port), without https:// or a path, got ${JSON.stringify(gheHost)}`);
    if (problem === "github.com") throw new Error(`context "gheHost" is for GitHub Enterprise Server: leave it out for github.com, got ${JSON.stringify(gheHost)}`);
    props.gheHost = gheHost;
  }
  return props;
}

/**
 * The app `cdk deploy` runs: the stack, checked by the project's own AgentGuardrails Aspect and
 * cdk-nag's AWS Solutions rules (synth fails on any unacknowledged finding).
 */
export function buildApp(app: App, lambdaAsset: string, stackName = "AgentGuardrailGitHubApp"): { app: App; stack: GitHubAppStack; guardrails: AgentGuardrails } {
  const props = propsFromContext((key) => app.node.tryGetContext(key), lambdaAsset);
  const stack = new GitHubAppStack(app, stackName, { ...props, description: "agent-guardrail GitHub App (webhooks on AWS Lambda)" });
  const guardrails = new AgentGuardrails();
  Aspects.of(app).add(guardrails);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack, guardrails };
}
