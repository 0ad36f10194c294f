/**
 * The connector profiles of the AWS SAM transform (`AWS::Serverless::Connector` and embedded
 * `Connectors`): for each source and destination type, what SAM writes and on whose role or
 * resource, as aws/serverless-application-model publishes them in
 * samtranslator/model/connector_profiles/profiles.json (profile version 1; last changed in commit
 * 36c489c3a9cbcde6b304dbe8c61963137221af7b; read at 7000d0a3b0e5e0d9fca014ce135850718aad1290, as
 * aws-sam-translator 1.110.0 ships it). Data copied as published, split by what it makes. Licensed under
 * Apache-2.0, Copyright Amazon.com, Inc. or its affiliates
 * (https://github.com/aws/serverless-application-model/blob/develop/LICENSE).
 */
export interface RolePolicyProfile {
  /** The policy goes on the source's role (else on the destination's). */
  readonly sourcePolicy: boolean;
  /** Statements per access category (`Read`, `Write`), with `%{Source.Arn}`-style values to fill. */
  readonly categories: Readonly<Record<string, readonly unknown[]>>;
  /** The only combinations of categories SAM accepts, when it restricts them. */
  readonly validCombinations?: readonly (readonly string[])[];
}

/** A profile that writes a resource's policy or a Lambda permission: it grants a service, never a role. */
export interface ResourcePolicyProfile {
  readonly type: "AWS_SQS_QUEUE_POLICY" | "AWS_SNS_TOPIC_POLICY" | "AWS_LAMBDA_PERMISSION";
  /** The policy is the source's (else the destination's). */
  readonly sourcePolicy: boolean;
  readonly categories: Readonly<Record<string, unknown>>;
}

export interface ConnectorResourceProperties {
  /** What a connector reads of the resource, with `%{logicalId}` for its logical id. */
  readonly arn?: unknown;
  readonly name?: unknown;
  readonly id?: unknown;
  readonly url?: unknown;
  readonly qualifier?: unknown;
  /** The property that holds its role; null: found otherwise (an EventBridge rule's target). */
  readonly roleProperty?: string | null;
}

/** Source type → destination type → the role policy SAM writes. */
export const ROLE_POLICY_PROFILES: Readonly<Record<string, Readonly<Record<string, RolePolicyProfile>>>> = {
  "AWS::DynamoDB::Table": {
    "AWS::Lambda::Function": {
      "sourcePolicy": false,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "dynamodb:DescribeStream",
              "dynamodb:GetRecords",
              "dynamodb:GetShardIterator",
              "dynamodb:ListStreams"
            ],
            "Resource": [
              "%{Source.Arn}/stream/*"
            ]
          }
        ]
      }
    }
  },
  "AWS::Events::Rule": {
    "AWS::Events::EventBus": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "events:PutEvents"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::StepFunctions::StateMachine": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "states:StartExecution"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    }
  },
  "AWS::Lambda::Function": {
    "AWS::Lambda::Function": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "lambda:InvokeAsync",
              "lambda:InvokeFunction"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::S3::Bucket": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "s3:GetObject",
              "s3:GetObjectAcl",
              "s3:GetObjectLegalHold",
              "s3:GetObjectRetention",
              "s3:GetObjectTorrent",
              "s3:GetObjectVersion",
              "s3:GetObjectVersionAcl",
              "s3:GetObjectVersionForReplication",
              "s3:GetObjectVersionTorrent",
              "s3:ListBucket",
              "s3:ListBucketMultipartUploads",
              "s3:ListBucketVersions",
              "s3:ListMultipartUploadParts"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/*"
            ]
          }
        ],
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "s3:AbortMultipartUpload",
              "s3:DeleteObject",
              "s3:DeleteObjectVersion",
              "s3:PutObject",
              "s3:PutObjectLegalHold",
              "s3:PutObjectRetention",
              "s3:RestoreObject"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/*"
            ]
          }
        ]
      }
    },
    "AWS::DynamoDB::Table": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "dynamodb:GetItem",
              "dynamodb:Query",
              "dynamodb:Scan",
              "dynamodb:BatchGetItem",
              "dynamodb:ConditionCheckItem",
              "dynamodb:PartiQLSelect"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/index/*"
            ]
          }
        ],
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:DeleteItem",
              "dynamodb:BatchWriteItem",
              "dynamodb:PartiQLDelete",
              "dynamodb:PartiQLInsert",
              "dynamodb:PartiQLUpdate"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/index/*"
            ]
          }
        ]
      }
    },
    "AWS::SQS::Queue": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "sqs:ReceiveMessage",
              "sqs:GetQueueAttributes"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ],
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "sqs:DeleteMessage",
              "sqs:SendMessage",
              "sqs:ChangeMessageVisibility",
              "sqs:PurgeQueue"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::SNS::Topic": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "sns:Publish"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::StepFunctions::StateMachine": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "states:StartExecution",
              "states:StartSyncExecution"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          },
          {
            "Effect": "Allow",
            "Action": [
              "states:StopExecution"
            ],
            "Resource": [
              "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:%{Destination.Name}:*"
            ]
          }
        ],
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "states:DescribeStateMachine",
              "states:ListExecutions"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          },
          {
            "Effect": "Allow",
            "Action": [
              "states:DescribeExecution",
              "states:DescribeStateMachineForExecution",
              "states:GetExecutionHistory"
            ],
            "Resource": [
              "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:%{Destination.Name}:*"
            ]
          }
        ]
      }
    },
    "AWS::Events::EventBus": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "events:PutEvents"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::Location::PlaceIndex": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "geo:DescribePlaceIndex",
              "geo:GetPlace",
              "geo:SearchPlaceIndexForPosition",
              "geo:SearchPlaceIndexForSuggestions",
              "geo:SearchPlaceIndexForText"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    }
  },
  "AWS::SQS::Queue": {
    "AWS::Lambda::Function": {
      "sourcePolicy": false,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "sqs:DeleteMessage"
            ],
            "Resource": [
              "%{Source.Arn}"
            ]
          }
        ],
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "sqs:ReceiveMessage",
              "sqs:GetQueueAttributes"
            ],
            "Resource": [
              "%{Source.Arn}"
            ]
          }
        ]
      },
      "validCombinations": [
        [
          "Read",
          "Write"
        ]
      ]
    }
  },
  "AWS::StepFunctions::StateMachine": {
    "AWS::Lambda::Function": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "lambda:InvokeAsync",
              "lambda:InvokeFunction"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::SNS::Topic": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "sns:Publish"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::SQS::Queue": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "sqs:SendMessage"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    },
    "AWS::S3::Bucket": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "s3:GetObject",
              "s3:GetObjectAcl",
              "s3:GetObjectLegalHold",
              "s3:GetObjectRetention",
              "s3:GetObjectTorrent",
              "s3:GetObjectVersion",
              "s3:GetObjectVersionAcl",
              "s3:GetObjectVersionForReplication",
              "s3:GetObjectVersionTorrent",
              "s3:ListBucket",
              "s3:ListBucketMultipartUploads",
              "s3:ListBucketVersions",
              "s3:ListMultipartUploadParts"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/*"
            ]
          }
        ],
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "s3:AbortMultipartUpload",
              "s3:DeleteObject",
              "s3:DeleteObjectVersion",
              "s3:PutObject",
              "s3:PutObjectLegalHold",
              "s3:PutObjectRetention",
              "s3:RestoreObject"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/*"
            ]
          }
        ]
      }
    },
    "AWS::DynamoDB::Table": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "dynamodb:GetItem",
              "dynamodb:Query",
              "dynamodb:Scan",
              "dynamodb:BatchGetItem",
              "dynamodb:ConditionCheckItem",
              "dynamodb:PartiQLSelect"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/index/*"
            ]
          }
        ],
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:DeleteItem",
              "dynamodb:BatchWriteItem",
              "dynamodb:PartiQLDelete",
              "dynamodb:PartiQLInsert",
              "dynamodb:PartiQLUpdate"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/index/*"
            ]
          }
        ]
      }
    },
    "AWS::StepFunctions::StateMachine": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "states:DescribeExecution"
            ],
            "Resource": [
              "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:%{Destination.Name}:*"
            ]
          },
          {
            "Effect": "Allow",
            "Action": [
              "events:DescribeRule"
            ],
            "Resource": [
              "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
            ]
          }
        ],
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "states:StartExecution"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          },
          {
            "Effect": "Allow",
            "Action": [
              "states:StopExecution"
            ],
            "Resource": [
              "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:%{Destination.Name}:*"
            ]
          },
          {
            "Effect": "Allow",
            "Action": [
              "events:PutTargets",
              "events:PutRule"
            ],
            "Resource": [
              "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
            ]
          }
        ]
      },
      "validCombinations": [
        [
          "Read"
        ],
        [
          "Read",
          "Write"
        ]
      ]
    },
    "AWS::Events::EventBus": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "events:PutEvents"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    }
  },
  "AWS::AppSync::DataSource": {
    "AWS::DynamoDB::Table": {
      "sourcePolicy": true,
      "categories": {
        "Read": [
          {
            "Effect": "Allow",
            "Action": [
              "dynamodb:GetItem",
              "dynamodb:Query",
              "dynamodb:Scan",
              "dynamodb:BatchGetItem",
              "dynamodb:ConditionCheckItem",
              "dynamodb:PartiQLSelect"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/index/*"
            ]
          }
        ],
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:DeleteItem",
              "dynamodb:BatchWriteItem",
              "dynamodb:PartiQLDelete",
              "dynamodb:PartiQLInsert",
              "dynamodb:PartiQLUpdate"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}/index/*"
            ]
          }
        ]
      }
    },
    "AWS::Lambda::Function": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "lambda:InvokeAsync",
              "lambda:InvokeFunction"
            ],
            "Resource": [
              "%{Destination.Arn}",
              "%{Destination.Arn}:*"
            ]
          }
        ]
      }
    },
    "AWS::Events::EventBus": {
      "sourcePolicy": true,
      "categories": {
        "Write": [
          {
            "Effect": "Allow",
            "Action": [
              "events:PutEvents"
            ],
            "Resource": [
              "%{Destination.Arn}"
            ]
          }
        ]
      }
    }
  }
};

/** Source type → destination type → the resource policy or permission SAM writes. */
export const RESOURCE_POLICY_PROFILES: Readonly<Record<string, Readonly<Record<string, ResourcePolicyProfile>>>> = {
  "AWS::Events::Rule": {
    "AWS::SNS::Topic": {
      "type": "AWS_SNS_TOPIC_POLICY",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {
                "Service": "events.amazonaws.com"
              },
              "Resource": "%{Destination.Arn}",
              "Action": "sns:Publish",
              "Condition": {
                "ArnEquals": {
                  "aws:SourceArn": "%{Source.Arn}"
                }
              }
            }
          ]
        }
      }
    },
    "AWS::Lambda::Function": {
      "type": "AWS_LAMBDA_PERMISSION",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Action": "lambda:InvokeFunction",
          "Principal": "events.amazonaws.com",
          "SourceArn": "%{Source.Arn}"
        }
      }
    },
    "AWS::SQS::Queue": {
      "type": "AWS_SQS_QUEUE_POLICY",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {
                "Service": "events.amazonaws.com"
              },
              "Resource": "%{Destination.Arn}",
              "Action": "sqs:SendMessage",
              "Condition": {
                "ArnEquals": {
                  "aws:SourceArn": "%{Source.Arn}"
                }
              }
            }
          ]
        }
      }
    }
  },
  "AWS::ApiGatewayV2::Api": {
    "AWS::Lambda::Function": {
      "type": "AWS_LAMBDA_PERMISSION",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Action": "lambda:InvokeFunction",
          "Principal": "apigateway.amazonaws.com",
          "SourceArn": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:%{Source.ResourceId}/%{Source.Qualifier}"
        }
      }
    }
  },
  "AWS::ApiGateway::RestApi": {
    "AWS::Lambda::Function": {
      "type": "AWS_LAMBDA_PERMISSION",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Action": "lambda:InvokeFunction",
          "Principal": "apigateway.amazonaws.com",
          "SourceArn": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:%{Source.ResourceId}/%{Source.Qualifier}"
        }
      }
    }
  },
  "AWS::SNS::Topic": {
    "AWS::SQS::Queue": {
      "type": "AWS_SQS_QUEUE_POLICY",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {
                "Service": "sns.amazonaws.com"
              },
              "Resource": "%{Destination.Arn}",
              "Action": "sqs:SendMessage",
              "Condition": {
                "ArnEquals": {
                  "aws:SourceArn": "%{Source.Arn}"
                }
              }
            }
          ]
        }
      }
    },
    "AWS::Lambda::Function": {
      "type": "AWS_LAMBDA_PERMISSION",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Action": "lambda:InvokeFunction",
          "Principal": "sns.amazonaws.com",
          "SourceArn": "%{Source.Arn}"
        }
      }
    }
  },
  "AWS::S3::Bucket": {
    "AWS::Lambda::Function": {
      "type": "AWS_LAMBDA_PERMISSION",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Action": "lambda:InvokeFunction",
          "Principal": "s3.amazonaws.com",
          "SourceArn": "%{Source.Arn}",
          "SourceAccount": "${AWS::AccountId}"
        }
      }
    }
  },
  "AWS::AppSync::GraphQLApi": {
    "AWS::Lambda::Function": {
      "type": "AWS_LAMBDA_PERMISSION",
      "sourcePolicy": false,
      "categories": {
        "Write": {
          "Action": "lambda:InvokeFunction",
          "Principal": "appsync.amazonaws.com",
          "SourceArn": "arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/%{Source.ResourceId}"
        }
      }
    }
  }
};

/** What a connector reads of a resource it names by logical id (CfnResourceProperties). */
export const CONNECTOR_RESOURCE_PROPERTIES: Readonly<Record<string, ConnectorResourceProperties>> = {
  "AWS::Lambda::Function": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    },
    "roleProperty": "Role"
  },
  "AWS::StepFunctions::StateMachine": {
    "arn": {
      "Ref": "%{logicalId}"
    },
    "name": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Name"
      ]
    },
    "roleProperty": "RoleArn"
  },
  "AWS::AppSync::GraphQLApi": {
    "arn": {
      "Ref": "%{logicalId}"
    },
    "id": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "ApiId"
      ]
    }
  },
  "AWS::AppSync::DataSource": {
    "arn": {
      "Ref": "%{logicalId}"
    },
    "roleProperty": "ServiceRoleArn"
  },
  "AWS::Events::Rule": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    },
    "roleProperty": null
  },
  "AWS::SQS::Queue": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    },
    "url": {
      "Ref": "%{logicalId}"
    }
  },
  "AWS::SNS::Topic": {
    "arn": {
      "Ref": "%{logicalId}"
    }
  },
  "AWS::DynamoDB::Table": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    }
  },
  "AWS::S3::Bucket": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    }
  },
  "AWS::Location::PlaceIndex": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    }
  },
  "AWS::ApiGatewayV2::Api": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    },
    "id": {
      "Ref": "%{logicalId}"
    },
    "qualifier": "*"
  },
  "AWS::ApiGateway::RestApi": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    },
    "id": {
      "Ref": "%{logicalId}"
    },
    "qualifier": "*"
  },
  "AWS::Events::EventBus": {
    "arn": {
      "Fn::GetAtt": [
        "%{logicalId}",
        "Arn"
      ]
    }
  }
};
