/** A template whose agent role (named kiro-agent, trusted by Bedrock) may delete any DynamoDB table. */
export const agentTemplate = {
  Resources: {
    AgentRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "kiro-agent",
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        Policies: [{ PolicyName: "p", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }] } }],
      },
    },
  },
};
