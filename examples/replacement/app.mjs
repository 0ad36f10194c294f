// The orders service as a pull request changes it. The base branch keys orders by `orderId`; an
// agent asked to "make orders queryable by customer" sets the context value
// `orders:partitionKey` to `customerId`. Nothing in lib/ looks destructive, but a new key schema
// means CloudFormation deletes the orders table and creates an empty one.
import { App, RemovalPolicy, Stack, Stage } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as sqs from "aws-cdk-lib/aws-sqs";

export class OrdersStack extends Stack {
  constructor(scope, id, props) {
    super(scope, id, { ...props, terminationProtection: true });
    const partitionKey = this.node.tryGetContext("orders:partitionKey") ?? "orderId";
    new dynamodb.Table(this, "Orders", {
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      deletionProtection: true, // protects from a delete, not from a replacement
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new sqs.Queue(this, "OrderEvents");
  }
}

/** The app, synthesized in-process into `outdir` with the given context (the CDK CLI's `-c key=value`). */
export function buildApp(outdir, context = {}) {
  const app = new App({ outdir, context });
  new OrdersStack(new Stage(app, "Prod"), "Orders");
  return app;
}
