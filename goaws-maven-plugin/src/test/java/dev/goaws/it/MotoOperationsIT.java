package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.local.Moto;
import dev.goaws.core.local.WithMoto;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The day-2 goals (diff, stages, status, logs, the data lifecycle) on a deployed architecture, against moto
 * through goaws's launcher and the real cdk CLI; a moto of its own, so it runs apart from {@link MotoDeployIT}.
 */
@WithMoto(own = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoOperationsIT {
    private static final String IMAGE = "public.ecr.aws/docker/library/amazoncorretto:17";
    private static Moto moto;
    private static MavenRun maven;
    private static String endpointArg;

    @BeforeAll
    static void prepareProject(Moto running) throws Exception {
        moto = running;
        Path work = Path.of("target", "moto-ops-it").toAbsolutePath();
        Path project = work.resolve("project");
        MavenRun.userProject(project);
        endpointArg = "-Dgoaws.endpoint=" + moto.endpoint();
        maven = MavenRun.emulated(project, work);
    }

    @Test
    @Order(1)
    void afterADeployTheDiffShowsNoChangesAndTheGatePasses() throws Exception {
        MavenRun.Result r = maven.run("ops-01-deploy-diff", "goaws:bootstrap", "goaws:deploy", "goaws:diff",
                endpointArg, "-Dgoaws.image=" + IMAGE, "-Dgoaws.flowLogs=false", "-Dgoaws.failOnChanges=true");
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("[INFO]   goaws-vpc: no changes\n"), r.log());
        assertTrue(r.log().contains("[INFO]   goaws-table: no changes\n"), r.log());
        assertTrue(r.log().contains("[INFO]   goaws-container: no changes\n"), r.log());
        assertTrue(r.log().matches("(?s).*Monthly cost estimate \\(eu-central-1\\), deployed -> after deploy:"
                + " (\\d+\\.\\d\\d) -> \\1 USD \\(\\+0\\.00 USD a month\\).*"), r.log());
    }

    @Test
    @Order(2)
    void aChangedSettingShowsInTheDiffWithItsIamWideningAndFailsTheGate() throws Exception {
        MavenRun.Result report = maven.run("ops-02-diff-changed", "goaws:diff", endpointArg, "-Dgoaws.image=" + IMAGE,
                "-Dgoaws.flowLogs=true", "-Dgoaws.stacks=vpc,table");
        assertTrue(report.succeeded(), "without the gate a diff only reports\n" + report.log());
        assertTrue(report.log().contains("[+] AWS::EC2::FlowLog"), report.log());
        assertTrue(report.log().matches("(?s).*\\[WARNING\\]   goaws-vpc: [1-9]\\d* to add, 0 to remove, \\d+ to modify;"
                + " WIDENS ACCESS: [1-9]\\d* IAM statement\\(s\\).*"), report.log());
        assertTrue(report.log().contains("[INFO]   goaws-table: no changes\n"), report.log());
        assertFalse(report.log().contains("goaws-container:"), "only the stacks named are diffed");
        // flow logs cost money: the after side is dearer
        assertTrue(report.log().matches("(?s).*deployed -> after deploy: [\\d.]+ -> [\\d.]+ USD \\(\\+0\\.[1-9]\\d"
                + " USD a month\\).*|(?s).*deployed -> after deploy: [\\d.]+ -> [\\d.]+ USD \\(\\+[1-9][\\d.]* USD a"
                + " month\\).*"), report.log());

        MavenRun.Result gate = maven.run("ops-02-diff-gate", "goaws:diff", endpointArg, "-Dgoaws.image=" + IMAGE,
                "-Dgoaws.flowLogs=true", "-Dgoaws.failOnChanges=true");
        assertFalse(gate.succeeded(), gate.log());
        assertTrue(gate.log().contains("goaws.failOnChanges=true and a deploy would change goaws-vpc (the diff and"
                + " summary above)"), gate.log());
        assertFalse(gate.log().contains("cdk deploy"), "a diff deploys nothing");
    }

    @Test
    @Order(3)
    void aStageLivesBesideTheUnstagedCopyWithItsOwnNamesParametersAndTags() throws Exception {
        MavenRun.Result r = maven.run("ops-03-stage-dev", "goaws:deploy-table", endpointArg,
                "-Dgoaws.stage=dev", "-Dgoaws.tags=team=a,cost-center=b");
        assertTrue(r.succeeded(), r.log());
        try (CloudFormationClient cfn = client(CloudFormationClient.builder()); SsmClient ssm = client(SsmClient.builder());
                DynamoDbClient ddb = client(DynamoDbClient.builder())) {
            var dev = cfn.describeStacks(b -> b.stackName("goaws-dev-table")).stacks().get(0);
            assertEquals(Map.of("team", "a", "cost-center", "b", "goaws:stage", "dev"), dev.tags().stream()
                    .collect(Collectors.toMap(t -> t.key(), t -> t.value())), "the stack's tags");
            String devTable = ssm.getParameter(b -> b.name("/go-on-aws/dev/table")).parameter().value();
            String table = ssm.getParameter(b -> b.name("/go-on-aws/table")).parameter().value();
            assertNotEquals(table, devTable, "two tables side by side");
            String arn = ddb.describeTable(b -> b.tableName(devTable)).table().tableArn();
            var tags = ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags().stream()
                    .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            assertEquals("a", tags.get("team"), tags.toString());
            assertEquals("dev", tags.get("goaws:stage"), tags.toString());
            assertEquals("goaws-dev-table", tags.get("aws:cloudformation:stack-name"), "moto gap 20 " + tags);
            assertEquals("CREATE_COMPLETE", cfn.describeStacks(b -> b.stackName("goaws-table")).stacks().get(0)
                    .stackStatusAsString(), "the unstaged copy is untouched");
        }
        MavenRun.Result bad = maven.run("ops-03-stage-bad", "goaws:deploy", endpointArg, "-Dgoaws.stage=Prod");
        assertFalse(bad.succeeded());
        assertTrue(bad.log().contains("goaws.stage"), bad.log());
        assertTrue(bad.log().contains("'Prod' is not a stage name"), bad.log());
    }

    @Test
    @Order(4)
    void destroyDataFindsTheTableAnEarlierDestroyRetainedAndStatusListsIt() throws Exception {
        String retained;
        try (SsmClient ssm = client(SsmClient.builder())) {
            retained = ssm.getParameter(b -> b.name("/go-on-aws/dev/table")).parameter().value();
        }
        String dev = "-Dgoaws.stage=dev";
        MavenRun.Result destroy = maven.run("ops-04-destroy-dev", "goaws:destroy", endpointArg, dev,
                "-Dgoaws.stacks=table");
        assertTrue(destroy.succeeded(), destroy.log());
        assertTrue(destroy.log().contains("Kept the DynamoDB table " + retained), destroy.log());
        MavenRun.Result status = maven.run("ops-04-status-retained", "goaws:status", endpointArg, dev);
        assertTrue(status.succeeded(), status.log());
        assertTrue(status.log().contains("Retained DynamoDB table " + retained + " (and its data) of a destroyed"
                + " goaws-dev-table"), status.log());

        MavenRun.Result data = maven.run("ops-04-destroy-data", "goaws:destroy", endpointArg, dev,
                "-Dgoaws.stacks=table", "-Dgoaws.destroyData=true");
        assertTrue(data.succeeded(), data.log());
        assertTrue(data.log().contains("goaws-dev-table is not deployed"), data.log());
        assertTrue(data.log().contains("Deleted the DynamoDB table " + retained), data.log());
        try (DynamoDbClient ddb = client(DynamoDbClient.builder()); SsmClient ssm = client(SsmClient.builder())) {
            assertThrows(ResourceNotFoundException.class, () -> ddb.describeTable(b -> b.tableName(retained)));
            String other = ssm.getParameter(b -> b.name("/go-on-aws/table")).parameter().value();
            assertEquals("ACTIVE", ddb.describeTable(b -> b.tableName(other)).table().tableStatusAsString(),
                    "the unstaged copy's table stays");
        }
        MavenRun.Result again = maven.run("ops-04-destroy-data-again", "goaws:destroy", endpointArg, dev,
                "-Dgoaws.stacks=table", "-Dgoaws.destroyData=true");
        assertTrue(again.succeeded(), again.log());
        assertTrue(again.log().contains("No DynamoDB table retained by an earlier goaws-dev-table"), again.log());
    }

    @Test
    @Order(5)
    void logsShowTheServicesLogGroupFilteredWithTheSecretMasked() throws Exception {
        String group;
        String password;
        try (CloudFormationClient cfn = client(CloudFormationClient.builder());
                SecretsManagerClient secrets = client(SecretsManagerClient.builder());
                CloudWatchLogsClient logs = client(CloudWatchLogsClient.builder())) {
            var resources = cfn.describeStackResources(b -> b.stackName("goaws-container")).stackResources();
            group = resources.stream().filter(r -> r.resourceType().equals("AWS::Logs::LogGroup")).findFirst()
                    .orElseThrow().physicalResourceId();
            String secret = resources.stream().filter(r -> r.resourceType().equals("AWS::SecretsManager::Secret"))
                    .findFirst().orElseThrow().physicalResourceId();
            password = new com.fasterxml.jackson.databind.ObjectMapper().readTree(secrets.getSecretValue(
                    b -> b.secretId(secret)).secretString()).path("password").asText();
            assertTrue(password.length() >= 8, "a generated password");
            logs.createLogStream(b -> b.logGroupName(group).logStreamName("app/app/task-1"));
            long now = System.currentTimeMillis();
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName("app/app/task-1").logEvents(
                    e -> e.timestamp(now - 60_000).message("Listening on 8080"),
                    e -> e.timestamp(now - 30_000).message("debug: login goaws:" + password + " ERROR"),
                    e -> e.timestamp(now - 10_000).message("GET /query 200")));
        }
        MavenRun.Result all = maven.run("ops-05-logs", "goaws:logs", endpointArg, "-Dgoaws.image=" + IMAGE);
        assertTrue(all.succeeded(), all.log());
        assertTrue(all.log().contains("Log group " + group + " of goaws-container"), all.log());
        assertTrue(all.log().contains("app/app/task-1 Listening on 8080"), all.log());
        assertTrue(all.log().contains("app/app/task-1 GET /query 200"), all.log());
        assertTrue(all.log().contains("debug: login goaws:**** ERROR"), all.log());
        assertFalse(all.log().contains(password), "the password reached the log");

        MavenRun.Result filtered = maven.run("ops-05-logs-filter", "goaws:logs", endpointArg, "-Dgoaws.image=" + IMAGE,
                "-Dgoaws.filter=ERROR", "-Dgoaws.since=1");
        assertTrue(filtered.succeeded(), filtered.log());
        assertTrue(filtered.log().contains("goaws:**** ERROR"), filtered.log());
        assertFalse(filtered.log().contains("GET /query 200"), filtered.log());

        MavenRun.Result none = maven.run("ops-05-logs-dev", "goaws:logs", endpointArg, "-Dgoaws.stage=dev");
        assertFalse(none.succeeded());
        assertTrue(none.log().contains("goaws-dev-container is not deployed"), none.log());
    }

    @SuppressWarnings("unchecked")
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return moto.client(builder);
    }
}
