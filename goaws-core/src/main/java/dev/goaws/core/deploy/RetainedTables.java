package dev.goaws.core.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * DynamoDB tables a destroyed table stack left behind (its {@code Retain} policy): CloudFormation tags every table
 * it creates with {@code aws:cloudformation:stack-name} and {@code -stack-id}, so a table of that stack name whose
 * stack id is not the deployed stack's (or with no stack deployed at all) is retained data.
 */
final class RetainedTables {
    static final String STACK_NAME_TAG = "aws:cloudformation:stack-name";
    static final String STACK_ID_TAG = "aws:cloudformation:stack-id";

    /** One retained table and the stack that created it. */
    record Table(String name, String arn, String stackId) {
    }

    private final AwsTarget.AwsSession aws;

    RetainedTables(AwsTarget.AwsSession aws) {
        this.aws = aws;
    }

    /**
     * The tables created by a stack named {@code stackName} that is not {@code deployedStackId} (null: no such
     * stack is deployed), in the order DynamoDB lists them.
     */
    List<Table> of(String stackName, String deployedStackId) {
        List<Table> retained = new ArrayList<>();
        try (DynamoDbClient dynamo = aws.dynamoDb()) {
            for (String name : dynamo.listTablesPaginator(b -> { }).tableNames()) {
                // A table CloudFormation creates without a TableName is named <stack name>-<logical id>-<suffix>:
                // others are not looked at (fewer calls, and a role that may read only this project's tables,
                // such as the CI stack's, works).
                if (!name.startsWith(stackName + "-")) {
                    continue;
                }
                Optional<TableDescription> table = describe(dynamo, name);
                if (table.isEmpty()) {
                    continue;
                }
                Map<String, String> tags = dynamo.listTagsOfResource(b -> b.resourceArn(table.get().tableArn()))
                        .tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
                String stackId = tags.get(STACK_ID_TAG);
                if (stackName.equals(tags.get(STACK_NAME_TAG)) && (deployedStackId == null
                        || !deployedStackId.equals(stackId))) {
                    retained.add(new Table(name, table.get().tableArn(), stackId));
                }
            }
        }
        return retained;
    }

    /** Releases the table's deletion protection and deletes it with all its items. */
    void delete(Table table) {
        try (DynamoDbClient dynamo = aws.dynamoDb()) {
            if (Boolean.TRUE.equals(describe(dynamo, table.name()).map(TableDescription::deletionProtectionEnabled)
                    .orElse(false))) {
                dynamo.updateTable(b -> b.tableName(table.name()).deletionProtectionEnabled(false));
                dynamo.waiter().waitUntilTableExists(b -> b.tableName(table.name()));
            }
            dynamo.deleteTable(b -> b.tableName(table.name()));
        }
    }

    private static Optional<TableDescription> describe(DynamoDbClient dynamo, String name) {
        try {
            return Optional.of(dynamo.describeTable(b -> b.tableName(name)).table());
        } catch (ResourceNotFoundException e) {
            // deleted between the listing and now
            return Optional.empty();
        }
    }
}
