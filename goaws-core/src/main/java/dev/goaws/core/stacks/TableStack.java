package dev.goaws.core.stacks;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.StackKind;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The data: an on-demand DynamoDB table whose name is published as an SSM parameter that the app reads at run
 * time. The table outlives its stack unless {@link GoawsSettings#retainData()} is false.
 */
public final class TableStack extends Stack {
    private final Table table;

    public TableStack(Construct scope, GoawsSettings settings) {
        super(scope, settings.stackName(StackKind.TABLE), StackProps.builder()
                .description("goaws: DynamoDB table (partition key " + settings.partitionKey() + ")")
                .tags(settings.resourceTags())
                .build());
        boolean retain = settings.retainData();
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(settings.partitionKey()).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                // Data survives 'cdk destroy' unless the user asked for its removal (goaws.destroyData).
                .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .deletionProtection(retain)
                .build();
        StringParameter.Builder.create(this, "TableParameter")
                .parameterName(settings.tableParameter())
                .stringValue(table.getTableName())
                .description("Name of the goaws DynamoDB table")
                .build();
    }

    public Table table() {
        return table;
    }
}
