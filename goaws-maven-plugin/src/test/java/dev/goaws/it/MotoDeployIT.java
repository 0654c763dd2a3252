package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.image.LocalRegistry;
import dev.goaws.core.engine.Loopback;
import dev.goaws.core.local.Moto;
import dev.goaws.core.local.WithMoto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The plugin's main job, end to end: a user's project runs the goals with the real cdk CLI against a local
 * AWS (moto through goaws's launcher), and every claim is checked in moto through the AWS SDK.
 */
@WithMoto(own = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoDeployIT {
    private static final String IMAGE = "public.ecr.aws/docker/library/amazoncorretto:17";
    private static Moto moto;
    private static MavenRun maven;
    private static String endpointArg;
    private static String retainedTable;

    @BeforeAll
    static void prepareProject(Moto running) throws Exception {
        moto = running;
        Path work = Path.of("target", "moto-it").toAbsolutePath();
        Path project = work.resolve("project");
        MavenRun.userProject(project);
        endpointArg = "-Dgoaws.endpoint=" + moto.endpoint();
        maven = MavenRun.emulated(project, work);
    }

    @Test
    @Order(1)
    void deployContainerIntoAnEmptyAccountSaysToDeployTheVpcFirstAndStartsNoCli() throws Exception {
        MavenRun.Result r = maven.run("01-container-first", "goaws:deploy-container", endpointArg,
                "-Dgoaws.image=" + IMAGE);
        assertFalse(r.succeeded());
        assertTrue(r.log().contains("SSM parameter /go-on-aws/vpc, which does not exist in"
                + " aws://123456789012/eu-central-1. Run 'mvn goaws:deploy-vpc' first"), r.log());
        assertFalse(r.log().contains("cdk deploy"), "the CLI must not start");
        assertFalse(r.log().contains("Synthesizing"), "nothing to synthesize before the prerequisites are there");
    }

    @Test
    @Order(2)
    void deployingIntoAnUnbootstrappedAccountNamesTheCommand() throws Exception {
        MavenRun.Result r = maven.run("02-not-bootstrapped", "goaws:deploy-table", endpointArg);
        assertFalse(r.succeeded());
        assertTrue(r.log().contains("aws://123456789012/eu-central-1 is not bootstrapped for the CDK (no SSM"
                + " parameter /cdk-bootstrap/hnb659fds/version). Bootstrap it once: 'mvn goaws:bootstrap'"), r.log());
        assertFalse(r.log().contains("cdk deploy"), r.log());
    }

    @Test
    @Order(3)
    void bootstrapThenDeployVpcAndTable() throws Exception {
        MavenRun.Result r = maven.run("03-deploy-vpc-table", "goaws:bootstrap", "goaws:deploy-vpc",
                "goaws:deploy-table", "goaws:status", endpointArg);
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("Installing aws-cdk@2.1148.1") || r.log().contains("cdk CLI 2.1148.1"), r.log());
        // The failed runs before left an up-to-date assembly: three goals, one look at it, no synthesis.
        assertEquals(0, count(r.log(), "Synthesizing the goaws stacks"), r.log());
        assertEquals(1, count(r.log(), "are up to date"), "one assembly check per Maven session");
        // No image yet (neither goaws.image nor a build-app context): status estimates the vpc and table only.
        assertTrue(r.log().contains("[INFO]   goaws-vpc        NAT gateway "), r.log());
        assertFalse(r.log().contains("goaws-container  Application Load Balancer"), r.log());
        assertTrue(r.log().contains("The container stack is not included: it needs an image"), r.log());

        try (SsmClient ssm = client(SsmClient.builder()); Ec2Client ec2 = client(Ec2Client.builder());
                DynamoDbClient ddb = client(DynamoDbClient.builder())) {
            String vpcId = ssm.getParameter(b -> b.name("/go-on-aws/vpc")).parameter().value();
            assertEquals(1, ec2.describeVpcs(b -> b.vpcIds(vpcId)).vpcs().size());
            assertEquals(1, ec2.describeNatGateways(b -> b.filter(f -> f.name("vpc-id").values(vpcId)))
                    .natGateways().stream().filter(n -> !"deleted".equals(n.stateAsString())).count());
            assertEquals(List.of("com.amazonaws.eu-central-1.dynamodb"), ec2.describeVpcEndpoints(b -> b.filters(
                    f -> f.name("vpc-id").values(vpcId))).vpcEndpoints().stream().map(e -> e.serviceName()).toList());
            String table = ssm.getParameter(b -> b.name("/go-on-aws/table")).parameter().value();
            TableDescription description = ddb.describeTable(b -> b.tableName(table)).table();
            assertEquals("ACTIVE", description.tableStatusAsString());
            assertEquals("itemID", description.keySchema().get(0).attributeName());
            assertEquals("HASH", description.keySchema().get(0).keyTypeAsString());
        }
    }

    @Test
    @Order(4)
    void deployContainerWithAnImageReference() throws Exception {
        MavenRun.Result r = maven.run("04-deploy-container", "goaws:deploy-container", endpointArg,
                "-Dgoaws.image=" + IMAGE);
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("Service URL: http://"), r.log());

        try (CloudFormationClient cfn = client(CloudFormationClient.builder());
                ElasticLoadBalancingV2Client elb = client(ElasticLoadBalancingV2Client.builder())) {
            var stack = cfn.describeStacks(b -> b.stackName("goaws-container")).stacks().get(0);
            assertEquals("CREATE_COMPLETE", stack.stackStatusAsString());
            assertTrue(stack.outputs().stream().anyMatch(o -> o.outputKey().equals("ServiceUrl")
                    && o.outputValue().startsWith("http://")), stack.outputs().toString());
            List<TargetGroup> groups = elb.describeTargetGroups().targetGroups();
            assertEquals(1, groups.size());
            assertEquals("200,401", groups.get(0).matcher().httpCode());
        }
        String outputs = Files.readString(Path.of("target/moto-it/project/target/goaws/outputs.json"));
        assertTrue(outputs.contains("\"goaws-container\"") && outputs.contains("\"ServiceUrl\" : \"http://"),
                outputs);
    }

    @Test
    @Order(5)
    void deployContainerWithAnImageJibPushedToARegistryByDigestWithoutDocker() throws Exception {
        Path appJar = Path.of(System.getProperty("goaws.it.appJar"));
        assertTrue(Files.isRegularFile(appJar), appJar + " is missing: run 'mvn verify' from the repository root,"
                + " which packages sample-app before the plugin");
        Path work = Path.of("target", "moto-it", "registry").toAbsolutePath();
        Files.createDirectories(work);
        try (LocalRegistry registry = new LocalRegistry(work, null)) {
            String base = registry.pushBaseImage(work);
            MavenRun.Result r = maven.run("05-deploy-container-jib", "goaws:build-app", "goaws:deploy-container",
                    endpointArg, "-Dgoaws.appJar=" + appJar, "-Dgoaws.baseImage=" + base,
                    "-Dgoaws.imageBuilder=jib", "-Dgoaws.imageRepository=" + registry.host() + "/goaws/app",
                    "-Dgoaws.allowInsecureRegistries=true");
            assertTrue(r.succeeded(), r.log());
            String image;
            try (EcsClient ecs = client(EcsClient.builder());
                    CloudFormationClient cfn = client(CloudFormationClient.builder())) {
                String taskDefinition = cfn.describeStackResources(b -> b.stackName("goaws-container"))
                        .stackResources().stream()
                        .filter(res -> res.resourceType().equals("AWS::ECS::TaskDefinition"))
                        .findFirst().orElseThrow().physicalResourceId();
                image = ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)).taskDefinition()
                        .containerDefinitions().get(0).image();
            }
            assertTrue(image.matches(java.util.regex.Pattern.quote(registry.host()) + "/goaws/app@sha256:[a-f0-9]{64}"),
                    "the task runs the pushed image by digest: " + image);
            String digest = image.substring(image.indexOf('@') + 1);
            assertEquals("65532:65532", registry.config("goaws/app", registry.manifest("goaws/app", digest))
                    .path("config").path("User").asText(), "the pushed image runs as a non-root user");
        }
    }

    @Test
    @Order(6)
    void statusReportsAllThreeStacksWithTheirParameters() throws Exception {
        MavenRun.Result r = maven.run("06-status", "goaws:status", endpointArg);
        assertTrue(r.succeeded(), r.log());
        for (String stack : List.of("goaws-vpc", "goaws-table", "goaws-container")) {
            // the container stack was updated by the Jib deploy
            assertTrue(r.log().contains("[INFO] " + stack + ": CREATE_COMPLETE (last update ")
                    || r.log().contains("[INFO] " + stack + ": UPDATE_COMPLETE (last update "), r.log());
        }
        assertTrue(r.log().contains("parameter /go-on-aws/vpc = vpc-"), r.log());
        assertTrue(r.log().contains("parameter /go-on-aws/table = goaws-table-"), r.log());
        assertTrue(r.log().contains("output    ServiceUrl = http://"), r.log());
        // The service as ECS reports it (moto runs no tasks: gap 17 reports the desired count as running)
        assertTrue(r.log().matches("(?s).*\\[INFO\\]   service   \\S+: 1 running of 1 desired; task definition"
                + " arn:aws:ecs:eu-central-1:123456789012:task-definition/\\S+.*"), r.log());
        assertTrue(r.log().contains("[INFO]   rollout   PRIMARY COMPLETED: 1/1 running"), r.log());
        assertFalse(r.log().contains("service status unavailable"), r.log());
        // The estimate of the synthesized templates: the Jib build of order 5 left target/goaws/dist, so the
        // container stack is synthesized and estimated too (order 3 covers the case without it).
        assertTrue(r.log().contains("[INFO] Monthly cost estimate for eu-central-1, USD, list prices of "), r.log());
        assertTrue(r.log().contains("[INFO]   goaws-vpc        NAT gateway "), r.log());
        assertTrue(r.log().contains("[INFO]   goaws-container  Application Load Balancer "), r.log());
        assertTrue(r.log().contains("[INFO]   goaws-container  Fargate x86 vCPU, 1 task(s) x 0.25 "), r.log());
        // The deployed stacks against the same configuration: nothing changes.
        assertTrue(r.log().contains("[INFO] Monthly cost estimate (eu-central-1), deployed -> configured: "), r.log());
        assertTrue(r.log().contains(" USD (+0.00 USD a month)"), r.log());
    }

    @Test
    @Order(7)
    void redeployingTheUnchangedTableStackSucceeds() throws Exception {
        String before = tableName();
        MavenRun.Result r = maven.run("07-redeploy-table", "goaws:deploy-table", endpointArg);
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("(no changes)"), r.log());
        assertEquals(before, tableName(), "the table must not be replaced");
    }

    @Test
    @Order(8)
    void hotswapUpdatesTheServiceDirectlyAndLeavesTheStackAlone() throws Exception {
        String image = "public.ecr.aws/docker/library/amazoncorretto:21";
        try (CloudFormationClient cfn = client(CloudFormationClient.builder());
                EcsClient ecs = client(EcsClient.builder())) {
            var before = cfn.describeStacks(b -> b.stackName("goaws-container")).stacks().get(0);
            Service service = containerService(cfn, ecs);
            MavenRun.Result r = maven.run("08-hotswap", "goaws:deploy-container", endpointArg, "-Dgoaws.image=" + image,
                    "-Dgoaws.hotswap=true");
            assertTrue(r.succeeded(), r.log());
            assertTrue(r.log().contains("cdk deploy goaws-container (direct, hotswap)"), r.log());
            assertTrue(r.log().contains("AWS::ECS::TaskDefinition 'goawscontainerServiceTaskDef"), r.log());
            assertTrue(r.log().contains("hotswapped!"), r.log());
            assertTrue(r.log().contains("[WARNING] goaws.hotswap: "), "the drift is said");

            Service after = containerService(cfn, ecs);
            assertNotEquals(service.taskDefinition(), after.taskDefinition(), "a new task definition revision");
            assertEquals(image, ecs.describeTaskDefinition(b -> b.taskDefinition(after.taskDefinition()))
                    .taskDefinition().containerDefinitions().get(0).image());
            var stack = cfn.describeStacks(b -> b.stackName("goaws-container")).stacks().get(0);
            assertEquals(before.stackStatus(), stack.stackStatus());
            assertEquals(before.lastUpdatedTime(), stack.lastUpdatedTime(), "CloudFormation was not asked");
        }
    }

    @Test
    @Order(9)
    void watchRebuildsAChangedAppAndHotswapsItsImageKeepsWatchingAfterACompileErrorAndStopsOnSigterm()
            throws Exception {
        Path work = Path.of("target", "moto-it").toAbsolutePath();
        Path project = MavenRun.testProject("watch-app", work.resolve("watch-app"));
        Path source = project.resolve("src/main/java/example/App.java");
        Path registryWork = Files.createDirectories(work.resolve("watch-registry"));
        MavenRun watchMaven = MavenRun.emulated(project, work);
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        try (LocalRegistry registry = new LocalRegistry(registryWork, null);
                CloudFormationClient cfn = client(CloudFormationClient.builder());
                EcsClient ecs = client(EcsClient.builder())) {
            String base = registry.pushBaseImage(registryWork);
            var stackBefore = cfn.describeStacks(b -> b.stackName("goaws-container")).stacks().get(0);
            try (var watch = watchMaven.start("08c-watch", lines::add, "goaws:watch", endpointArg,
                    "-Dgoaws.baseImage=" + base, "-Dgoaws.imageRepository=" + registry.host() + "/goaws/watch",
                    "-Dgoaws.allowInsecureRegistries=true")) {
                awaitLine(lines, watch, "[INFO] Watching ");
                String first = runningImage(cfn, ecs);
                assertTrue(first.startsWith(registry.host() + "/goaws/watch@sha256:"), first);

                Files.writeString(source, Files.readString(source).replace("version 1", "version 2"));
                awaitLine(lines, watch, "(update 2)");
                String second = runningImage(cfn, ecs);
                assertNotEquals(first, second, "the changed app runs as a new image");
                var firstLayers = registry.manifest("goaws/watch", first.substring(first.indexOf('@') + 1))
                        .get("layers");
                var secondLayers = registry.manifest("goaws/watch", second.substring(second.indexOf('@') + 1))
                        .get("layers");
                assertEquals(firstLayers.get(0).get("digest"), secondLayers.get(0).get("digest"),
                        "the base layer is reused");
                assertNotEquals(firstLayers.get(firstLayers.size() - 1).get("digest"),
                        secondLayers.get(secondLayers.size() - 1).get("digest"), "the app's layer is new");
                var stack = cfn.describeStacks(b -> b.stackName("goaws-container")).stacks().get(0);
                assertEquals(stackBefore.lastUpdatedTime(), stack.lastUpdatedTime(), "CloudFormation was not asked");

                Files.writeString(source, "package example; class App { not java }");
                awaitLine(lines, watch, "The build failed");
                assertEquals(second, runningImage(cfn, ecs), "a failed build leaves the service alone");
                Files.writeString(source, Files.readString(Path.of(
                        "src/test/projects/watch-app/src/main/java/example/App.java")).replace("version 1", "version 3"));
                awaitLine(lines, watch, "(update 3)");
                assertNotEquals(second, runningImage(cfn, ecs), "the loop went on after the failed build");

                // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook ends the loop. Through the handle, because
                // Process.destroy() also closes our end of Maven's output, and its last lines would be lost.
                watch.process().toHandle().destroy();
                awaitLine(lines, watch, "goaws:watch stopped after 3 update(s).");
            }
        }
    }

    /** The next line containing {@code text}; fails with what came instead when Maven ends first. */
    private static void awaitLine(java.util.concurrent.BlockingQueue<String> lines,
            dev.goaws.core.process.ProcessRunner.Running maven, String text) throws InterruptedException {
        // A bound, not a timing assertion: a hung goal must not hang the build.
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line != null && line.contains(text)) {
                return;
            }
            if (line == null && !maven.process().isAlive() && lines.isEmpty()) {
                throw new AssertionError("Maven ended (exit " + maven.process().exitValue() + ") before '" + text
                        + "':\n" + String.join("\n", maven.tail()));
            }
        }
        throw new AssertionError("No '" + text + "' within 10 minutes:\n" + String.join("\n", maven.tail()));
    }

    private static String runningImage(CloudFormationClient cfn, EcsClient ecs) {
        Service service = containerService(cfn, ecs);
        return ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition())).taskDefinition()
                .containerDefinitions().get(0).image();
    }

    private static Service containerService(CloudFormationClient cfn, EcsClient ecs) {
        var resources = cfn.describeStackResources(b -> b.stackName("goaws-container")).stackResources();
        String cluster = resources.stream().filter(r -> r.resourceType().equals("AWS::ECS::Cluster")).findFirst()
                .orElseThrow().physicalResourceId();
        String service = resources.stream().filter(r -> r.resourceType().equals("AWS::ECS::Service")).findFirst()
                .orElseThrow().physicalResourceId();
        return ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0);
    }

    @Test
    @Order(10)
    void destroyRemovesTheStacksAndKeepsTheTableWithItsData() throws Exception {
        retainedTable = tableName();
        try (DynamoDbClient ddb = client(DynamoDbClient.builder())) {
            ddb.putItem(b -> b.tableName(retainedTable).item(Map.of("itemID", AttributeValue.fromS("keep-me"))));
        }
        MavenRun.Result vpcFirst = maven.run("08a-destroy-vpc-first", "goaws:destroy", "-Dgoaws.stacks=vpc",
                endpointArg);
        assertFalse(vpcFirst.succeeded());
        assertTrue(vpcFirst.log().contains("goaws-container is still deployed and depends on the vpc stack."
                + " Destroy it in the same run (-Dgoaws.stacks=container,vpc) or first. Nothing was destroyed."),
                vpcFirst.log());
        assertFalse(vpcFirst.log().contains("cdk destroy"), vpcFirst.log());

        MavenRun.Result r = maven.run("08-destroy", "goaws:destroy", endpointArg);
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("Kept the DynamoDB table " + retainedTable + " and its data"), r.log());
        assertTrue(r.log().indexOf("cdk destroy goaws-container") < r.log().indexOf("cdk destroy goaws-table")
                && r.log().indexOf("cdk destroy goaws-table") < r.log().indexOf("cdk destroy goaws-vpc"), r.log());
        try (CloudFormationClient cfn = client(CloudFormationClient.builder());
                DynamoDbClient ddb = client(DynamoDbClient.builder()); SsmClient ssm = client(SsmClient.builder())) {
            for (String stack : List.of("goaws-vpc", "goaws-table", "goaws-container")) {
                assertThrows(CloudFormationException.class, () -> cfn.describeStacks(b -> b.stackName(stack)),
                        stack + " still exists");
            }
            assertThrows(ParameterNotFoundException.class, () -> ssm.getParameter(b -> b.name("/go-on-aws/vpc")));
            var item = ddb.getItem(b -> b.tableName(retainedTable)
                    .key(Map.of("itemID", AttributeValue.fromS("keep-me")))).item();
            assertEquals("keep-me", item.get("itemID").s(), "the retained table lost its data");
        }
        MavenRun.Result again = maven.run("08b-destroy-again", "goaws:destroy", endpointArg);
        assertTrue(again.succeeded(), "destroying what is gone is not an error\n" + again.log());
        assertTrue(again.log().contains("goaws-vpc is not deployed in aws://123456789012/eu-central-1: nothing to"
                + " destroy"), again.log());
    }

    @Test
    @Order(11)
    void destroyDataRemovesTheTableAndTheOneAnEarlierDestroyRetained() throws Exception {
        assertTrue(maven.run("09-deploy-table", "goaws:deploy-table", endpointArg).succeeded());
        String table = tableName();
        try (DynamoDbClient ddb = client(DynamoDbClient.builder())) {
            ddb.createTable(b -> b.tableName("someone-elses").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH")));
        }
        MavenRun.Result status = maven.run("09-status-retained", "goaws:status", endpointArg);
        assertTrue(status.log().contains("Retained DynamoDB table " + retainedTable + " (and its data) of a"
                + " destroyed goaws-table"), status.log());
        assertFalse(status.log().contains("Retained DynamoDB table " + table), "the deployed stack's own table");
        MavenRun.Result r = maven.run("09-destroy-data", "goaws:destroy", "-Dgoaws.stacks=table",
                "-Dgoaws.destroyData=true", endpointArg);
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("ALL ITS DATA will be deleted"), r.log());
        assertTrue(r.log().contains("Deleted the DynamoDB table " + retainedTable), r.log());
        try (DynamoDbClient ddb = client(DynamoDbClient.builder())) {
            assertThrows(ResourceNotFoundException.class, () -> ddb.describeTable(b -> b.tableName(table)));
            assertThrows(ResourceNotFoundException.class, () -> ddb.describeTable(b -> b.tableName(retainedTable)),
                    "the table the first destroy retained");
            assertEquals("ACTIVE", ddb.describeTable(b -> b.tableName("someone-elses")).table().tableStatusAsString(),
                    "only tables of this stack may go");
        }
    }

    @Test
    @Order(12)
    void aCliTooOldForTheAssemblyIsRefusedWithTheVersionNeeded() throws Exception {
        MavenRun.Result r = maven.run("10-old-cli", "goaws:deploy-table", endpointArg, "-Dgoaws.cdkVersion=2.1100.0");
        assertFalse(r.succeeded());
        assertTrue(r.log().contains("goaws.cdkVersion=2.1100.0 is too old for this cloud assembly: aws-cdk-lib needs"
                + " cdk CLI 2.1134.0 or newer"), r.log());
        assertFalse(r.log().contains("cdk deploy"), r.log());
    }

    @Test
    @Order(13)
    void withoutCredentialsTheMessageSaysHowToProvideThem() throws Exception {
        MavenRun.Result r = new MavenRun(Path.of("target/moto-it/project").toAbsolutePath())
                .env("AWS_ACCESS_KEY_ID", null).env("AWS_SECRET_ACCESS_KEY", null).env("AWS_SESSION_TOKEN", null)
                .env("AWS_PROFILE", null).env("AWS_CONTAINER_CREDENTIALS_FULL_URI", null)
                .env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null).env("AWS_WEB_IDENTITY_TOKEN_FILE", null)
                .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
                .env("AWS_CONFIG_FILE", "/nonexistent/config").env("AWS_EC2_METADATA_DISABLED", "true")
                .run("11-no-credentials", "goaws:deploy-vpc", endpointArg);
        assertFalse(r.succeeded());
        assertTrue(r.log().contains("No AWS credentials found. Provide them the way the AWS CLI takes them:"
                + " -Dgoaws.profile=<profile>"), r.log());
    }

    @Test
    @Order(14)
    void anEndpointThatDoesNotAnswerFailsClearly() throws Exception {
        int closed = Loopback.freePort();
        MavenRun.Result r = maven.run("12-dead-endpoint", "goaws:deploy-vpc",
                "-Dgoaws.endpoint=http://127.0.0.1:" + closed);
        assertFalse(r.succeeded());
        assertTrue(r.log().contains("Cannot reach AWS STS at http://127.0.0.1:" + closed), r.log());
        assertTrue(r.log().contains("Is the emulator at goaws.endpoint running?"), r.log());
    }

    @Test
    @Order(15)
    void publicNetworkDeploysWithoutNatTasksInThePublicSubnetsWithPublicIps() throws Exception {
        // Own prefixes: independent of the stacks above, in the same moto and project.
        // goaws.bootstrap: this test also runs alone (-Dit.test=MotoDeployIT#public*), in a fresh moto.
        String[] preset = {endpointArg, "-Dgoaws.network=public", "-Dgoaws.stackPrefix=pub",
                "-Dgoaws.parameterPrefix=/pub", "-Dgoaws.image=" + IMAGE, "-Dgoaws.bootstrap=true"};
        MavenRun.Result r = maven.run("13-deploy-public", concat(preset, "goaws:deploy"));
        assertTrue(r.succeeded(), r.log());
        try (SsmClient ssm = client(SsmClient.builder()); Ec2Client ec2 = client(Ec2Client.builder());
                EcsClient ecs = client(EcsClient.builder());
                CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            String vpcId = ssm.getParameter(b -> b.name("/pub/vpc")).parameter().value();
            assertEquals(0, ec2.describeNatGateways(b -> b.filter(f -> f.name("vpc-id").values(vpcId)))
                    .natGateways().size(), "no NAT gateway");
            assertEquals(0, ec2.describeInstances(b -> b.filters(f -> f.name("vpc-id").values(vpcId)))
                    .reservations().size(), "no NAT instance");
            List<String> publicSubnets = List.of(ssm.getParameter(b -> b.name("/pub/vpc-public-subnets")).parameter()
                    .value().split(","));
            var endpoint = ec2.describeVpcEndpoints(b -> b.filters(f -> f.name("vpc-id").values(vpcId)))
                    .vpcEndpoints().get(0);
            assertEquals("com.amazonaws.eu-central-1.dynamodb", endpoint.serviceName());
            assertEquals(java.util.Set.copyOf(routeTablesOf("pub-vpc", "public")),
                    java.util.Set.copyOf(endpoint.routeTableIds()),
                    "the gateway endpoint serves the public subnets, where the tasks run");
            String service = cfn.describeStackResources(b -> b.stackName("pub-container")).stackResources().stream()
                    .filter(res -> res.resourceType().equals("AWS::ECS::Service")).findFirst().orElseThrow()
                    .physicalResourceId();
            String cluster = cfn.describeStackResources(b -> b.stackName("pub-container")).stackResources().stream()
                    .filter(res -> res.resourceType().equals("AWS::ECS::Cluster")).findFirst().orElseThrow()
                    .physicalResourceId();
            var network = ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0)
                    .networkConfiguration().awsvpcConfiguration();
            assertEquals("ENABLED", network.assignPublicIpAsString());
            assertEquals(publicSubnets, network.subnets());
        }
        MavenRun.Result status = maven.run("13-status-public", concat(preset, "goaws:status"));
        assertTrue(status.succeeded(), status.log());
        assertTrue(status.log().contains("[INFO]   pub-container    public IPv4, 1 task(s) "), status.log());
        // 0.63 flow logs + 0.306 table + 42.06135 container (see CostEstimatorTest): the public preset's total
        assertTrue(status.log().matches("(?s).*\\[INFO\\]   total\\s+43\\.00 USD\n.*"), status.log());
        assertTrue(status.log().contains("deployed -> configured: 43.00 -> 43.00 USD (+0.00 USD a month)"),
                status.log());
        assertFalse(status.log().contains("NAT gateway"), status.log());
        MavenRun.Result destroy = maven.run("13-destroy-public", concat(preset, "goaws:destroy"));
        assertTrue(destroy.succeeded(), destroy.log());
    }

    @Test
    @Order(16)
    void natInstanceVpcRoutesThePrivateSubnetsThroughAGravitonInstanceFromTheSsmImage() throws Exception {
        String[] preset = {endpointArg, "-Dgoaws.network=nat-instance", "-Dgoaws.stackPrefix=nati",
                "-Dgoaws.parameterPrefix=/nati", "-Dgoaws.bootstrap=true"};
        MavenRun.Result r = maven.run("14-deploy-nat-instance", concat(preset, "goaws:deploy-vpc"));
        assertTrue(r.succeeded(), r.log());
        try (SsmClient ssm = client(SsmClient.builder()); Ec2Client ec2 = client(Ec2Client.builder())) {
            String vpcId = ssm.getParameter(b -> b.name("/nati/vpc")).parameter().value();
            assertEquals(0, ec2.describeNatGateways(b -> b.filter(f -> f.name("vpc-id").values(vpcId)))
                    .natGateways().size());
            var instances = ec2.describeInstances(b -> b.filters(f -> f.name("vpc-id").values(vpcId)))
                    .reservations().stream().flatMap(res -> res.instances().stream()).toList();
            assertEquals(1, instances.size(), instances.toString());
            var nat = instances.get(0);
            assertEquals("t4g.nano", nat.instanceTypeAsString());
            // The image is whatever the region's public AL2023 arm64 parameter names at deploy time.
            assertEquals(ssm.getParameter(b -> b.name("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64"))
                    .parameter().value(), nat.imageId());
            assertFalse(nat.sourceDestCheck(), "a NAT forwards traffic that is not its own");
            var group = ec2.describeSecurityGroups(b -> b.groupIds(nat.securityGroups().get(0).groupId()))
                    .securityGroups().get(0);
            assertEquals("10.0.0.0/16", group.ipPermissions().get(0).ipRanges().get(0).cidrIp(),
                    "inbound only from the VPC");
            for (String table : routeTablesOf("nati-vpc", "private")) {
                var routes = ec2.describeRouteTables(b -> b.routeTableIds(table)).routeTables().get(0).routes();
                assertTrue(routes.stream().anyMatch(route -> "0.0.0.0/0".equals(route.destinationCidrBlock())
                        && nat.instanceId().equals(route.instanceId())), routes.toString());
            }
        }
        MavenRun.Result destroy = maven.run("14-destroy-nat-instance", concat(preset, "goaws:destroy",
                "-Dgoaws.stacks=vpc"));
        assertTrue(destroy.succeeded(), destroy.log());
        try (Ec2Client ec2 = client(Ec2Client.builder())) {
            assertTrue(ec2.describeInstances().reservations().stream().flatMap(res -> res.instances().stream())
                    .allMatch(i -> "terminated".equals(i.state().nameAsString())), "the NAT instance outlived destroy");
        }
    }

    /**
     * The route tables of the vpc stack's {@code public} or {@code private} subnets, from the stack's resources
     * (moto records CloudFormation's subnet associations apart from the route tables).
     */
    private static List<String> routeTablesOf(String stack, String subnetGroup) {
        try (CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            List<String> tables = cfn.describeStackResources(b -> b.stackName(stack)).stackResources().stream()
                    .filter(res -> res.resourceType().equals("AWS::EC2::RouteTable")
                            && res.logicalResourceId().startsWith("Vpc" + subnetGroup + "Subnet"))
                    .map(res -> res.physicalResourceId()).toList();
            assertEquals(2, tables.size(), stack + " " + subnetGroup + " route tables: " + tables);
            return tables;
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static String tableName() {
        try (SsmClient ssm = client(SsmClient.builder())) {
            return ssm.getParameter(b -> b.name("/go-on-aws/table")).parameter().value();
        }
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    @SuppressWarnings("unchecked")
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return moto.client(builder);
    }
}
