package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.local.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The operations goals against moto through goaws's launcher and the real cdk CLI, from a test project's own POM
 * ({@code src/test/projects/run-task-app}, whose configuration names the migration command): {@code run-task} sends
 * a RunTask of the service's task definition in its subnets and security group with the command and size overrides
 * (read back through ECS and EC2); {@code rollback} after two deploys with different image digests deploys the first
 * through CloudFormation (the stack's template and the service's task definition both name it), and with a single
 * revision it fails saying there is nothing to roll back to; {@code status} prints the ECS Exec line of a running
 * task.
 *
 * <p>What moto does not do, and how the test deals with it: moto pulls no image, so the two digests name no pushed
 * image (only the references are checked); moto runs no container, so a RunTask task only moves RUNNING -> STOPPED
 * through moto's state manager (one step per DescribeTasks) with exit code 0 and writes no log line: against moto
 * run-task proves the request and the waiting, the command's own run is proven in the local cloud
 * ({@link ContainerOperateIT}); and moto starts no task for a service (README gap 17), so the ECS Exec line is
 * shown for a stand-in task the test starts in the service's group, held RUNNING through moto's state manager.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoOperateIT {
    private static final String REPOSITORY = "public.ecr.aws/docker/library/amazoncorretto";
    private static final String IMAGE_A = REPOSITORY + "@sha256:" + "1a".repeat(32);
    private static final String IMAGE_B = REPOSITORY + "@sha256:" + "2b".repeat(32);
    private static final List<String> MIGRATE = List.of("java", "-cp", "/app/run-task-app-1.0.jar", "example.Migrate");
    private static MotoServer moto;
    private static MavenRun maven;
    private static String endpointArg;

    @BeforeAll
    static void startMotoAndPrepareProject() throws Exception {
        Path work = Path.of("target", "moto-operate-it").toAbsolutePath();
        moto = MotoServer.start("python3", 0, work, line -> { }, Duration.ofSeconds(60));
        Path project = MavenRun.testProject("run-task-app", work.resolve("project"));
        endpointArg = "-Dgoaws.endpoint=" + moto.endpoint();
        maven = MavenRun.emulated(project, work);
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    @Order(1)
    void afterTheFirstDeployThereIsNothingToRollBackTo() throws Exception {
        MavenRun.Result deploy = maven.run("operate-01-deploy", "goaws:bootstrap", "goaws:deploy", endpointArg,
                "-Dgoaws.image=" + IMAGE_A, "-Dgoaws.exec=true");
        assertTrue(deploy.succeeded(), deploy.log());
        MavenRun.Result r = maven.run("operate-01-rollback-single", "goaws:rollback", endpointArg, "-Dgoaws.exec=true");
        assertFalse(r.succeeded(), r.log());
        assertTrue(r.log().matches("(?s).*Nothing to roll back to: the service runs \\S+:1 \\(" + IMAGE_A.replace(".",
                "\\.") + "\\), and there is no earlier revision\\. A rollback needs an earlier deploy of another image;"
                + " goaws\\.toRevision=<n> names a revision explicitly\\..*"), r.log());
        assertFalse(r.log().contains("cdk deploy"), "nothing is deployed");
    }

    @Test
    @Order(2)
    void runTaskSendsTheServicesTaskDefinitionNetworkAndTheCommandFromThePom() throws Exception {
        MavenRun.Result r = maven.run("operate-02-run-task", "goaws:run-task", endpointArg, "-Dgoaws.cpu=512",
                "-Dgoaws.memory=1024");
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("512 CPU / 1024 MiB"), r.log());
        assertTrue(r.log().matches("(?s).*Task \\S+ ended with exit code 0\n.*"), r.log());
        try (EcsClient ecs = client(EcsClient.builder());
                SsmClient ssm = client(SsmClient.builder());
                Ec2Client ec2 = client(Ec2Client.builder());
                CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            Service service = service(cfn, ecs, "goaws-container");
            List<String> started = ecs.listTasks(b -> b.cluster(service.clusterArn()).startedBy("goaws-run-task"))
                    .taskArns();
            assertEquals(1, started.size(), started.toString());
            Task task = ecs.describeTasks(b -> b.cluster(service.clusterArn()).tasks(started)).tasks().get(0);
            assertEquals(service.taskDefinition(), task.taskDefinitionArn(), "the service's current task definition");
            assertEquals("FARGATE", task.launchTypeAsString());
            assertEquals("app", task.overrides().containerOverrides().get(0).name());
            assertEquals(MIGRATE, task.overrides().containerOverrides().get(0).command(), "the POM's command");
            assertEquals("512", task.overrides().cpu());
            assertEquals("1024", task.overrides().memory());

            var network = service.networkConfiguration().awsvpcConfiguration();
            List<String> privateSubnets = List.of(ssm.getParameter(b -> b.name("/go-on-aws/vpc-private-subnets"))
                    .parameter().value().split(","));
            assertEquals(privateSubnets, network.subnets(), "the service runs in the private subnets");
            String subnet = detail(task, "subnetId");
            assertTrue(privateSubnets.contains(subnet), subnet + " is not a private subnet " + privateSubnets);
            var eni = ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(detail(task, "networkInterfaceId")))
                    .networkInterfaces().get(0);
            assertEquals(network.securityGroups(), eni.groups().stream().map(g -> g.groupId()).toList(),
                    "the task's network interface is in the service's security group");
        }
    }

    @Test
    @Order(3)
    void aSizeFargateDoesNotOfferIsRefusedBeforeATaskStarts() throws Exception {
        MavenRun.Result r = maven.run("operate-03-run-task-bad-size", "goaws:run-task", endpointArg, "-Dgoaws.cpu=1024");
        assertFalse(r.succeeded(), r.log());
        assertTrue(r.log().contains("Invalid goaws configuration <cpu> (-Dgoaws.cpu): memory=512 MiB does not fit"
                + " cpu=1024."), r.log());
        assertTrue(r.log().contains("The task definition runs 256 CPU / 512 MiB; set goaws.cpu and goaws.memory"
                + " together"), r.log());
        try (EcsClient ecs = client(EcsClient.builder());
                CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            Service service = service(cfn, ecs, "goaws-container");
            assertEquals(1, ecs.listTasks(b -> b.cluster(service.clusterArn()).startedBy("goaws-run-task"))
                    .taskArns().size(), "no second task");
        }
    }

    @Test
    @Order(4)
    void statusPrintsTheExecuteCommandLineOfEachRunningTask() throws Exception {
        try (EcsClient ecs = client(EcsClient.builder());
                CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            Service service = service(cfn, ecs, "goaws-container");
            assertTrue(service.enableExecuteCommand(), "goaws.exec=true turned ECS Exec on (moto gap 24)");
            // Stand-in for a task of the service (moto starts none): in the service's group, held RUNNING.
            stateManager("set-transition", "{\"model_name\": \"ecs::task\", \"transition\": {\"progression\":"
                    + " \"manual\", \"times\": 1000}}");
            String taskArn = ecs.runTask(b -> b.cluster(service.clusterArn()).taskDefinition(service.taskDefinition())
                    .launchType("FARGATE").group("service:" + service.serviceName())
                    .networkConfiguration(service.networkConfiguration())).tasks().get(0).taskArn();
            String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
            try {
                MavenRun.Result r = maven.run("operate-04-status-exec", "goaws:status", endpointArg,
                        "-Dgoaws.image=" + IMAGE_A, "-Dgoaws.exec=true");
                assertTrue(r.succeeded(), r.log());
                String cluster = service.clusterArn().substring(service.clusterArn().lastIndexOf('/') + 1);
                assertTrue(r.log().contains("[INFO]   exec      aws ecs execute-command --cluster " + cluster
                        + " --task " + taskId + " --container app --interactive --command /bin/sh --region"
                        + " eu-central-1\n"), r.log());
                assertTrue(r.log().contains("needs the AWS CLI with the Session Manager plugin"), r.log());
                assertEquals(1, r.log().split("aws ecs execute-command", -1).length - 1,
                        "one line: the one-off task of run-task is not the service's");
            } finally {
                stateManager("unset-transition", "{\"model_name\": \"ecs::task\"}");
                ecs.stopTask(b -> b.cluster(service.clusterArn()).task(taskArn));
            }
        }
    }

    @Test
    @Order(5)
    void rollbackAfterTwoDeploysDeploysTheFirstImageThroughCloudFormation() throws Exception {
        MavenRun.Result second = maven.run("operate-05-deploy-b", "goaws:deploy-container", endpointArg,
                "-Dgoaws.image=" + IMAGE_B, "-Dgoaws.exec=true");
        assertTrue(second.succeeded(), second.log());
        try (EcsClient ecs = client(EcsClient.builder());
                CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            assertEquals(IMAGE_B, image(ecs, service(cfn, ecs, "goaws-container")));

            MavenRun.Result r = maven.run("operate-05-rollback", "goaws:rollback", endpointArg, "-Dgoaws.exec=true");
            assertTrue(r.succeeded(), r.log());
            assertTrue(r.log().contains(": from " + IMAGE_B + " (revision 2) -> to " + IMAGE_A + " (revision 1)\n"),
                    r.log());
            assertTrue(r.log().contains("cdk deploy goaws-container (direct)"), "through CloudFormation\n" + r.log());
            assertTrue(r.log().contains("The service runs revision 3 with the image of revision 1: " + IMAGE_A),
                    r.log());

            Service service = service(cfn, ecs, "goaws-container");
            assertEquals(IMAGE_A, image(ecs, service), "the service's task definition");
            assertTrue(service.taskDefinition().endsWith(":3"), service.taskDefinition());
            String template = cfn.getTemplate(b -> b.stackName("goaws-container").templateStage(TemplateStage.ORIGINAL))
                    .templateBody();
            assertTrue(template.contains(IMAGE_A), "the stack's template names the first image");
            assertFalse(template.contains(IMAGE_B), "and not the second");
        }
    }

    @Test
    @Order(6)
    void aRevisionThatIsRunningOrMissingIsRefusedNamingTheSetting() throws Exception {
        MavenRun.Result running = maven.run("operate-06-rollback-running", "goaws:rollback", endpointArg,
                "-Dgoaws.toRevision=3");
        assertFalse(running.succeeded(), running.log());
        assertTrue(running.log().contains("Invalid goaws configuration <toRevision> (-Dgoaws.toRevision): toRevision=3"
                + " is the revision the service runs"), running.log());
        MavenRun.Result missing = maven.run("operate-06-rollback-missing", "goaws:rollback", endpointArg,
                "-Dgoaws.toRevision=7");
        assertFalse(missing.succeeded(), missing.log());
        assertTrue(missing.log().matches("(?s).*has no revision 7\\. Its revisions: \\[1, 2, 3\\]\\..*"), missing.log());
        assertFalse(missing.log().contains("cdk deploy"), missing.log());
    }

    private static Service service(CloudFormationClient cfn, EcsClient ecs, String stack) {
        var resources = cfn.describeStackResources(b -> b.stackName(stack)).stackResources();
        String cluster = resources.stream().filter(r -> r.resourceType().equals("AWS::ECS::Cluster")).findFirst()
                .orElseThrow().physicalResourceId();
        String service = resources.stream().filter(r -> r.resourceType().equals("AWS::ECS::Service")).findFirst()
                .orElseThrow().physicalResourceId();
        return ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0);
    }

    private static String image(EcsClient ecs, Service service) {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition())).taskDefinition()
                .containerDefinitions().get(0).image();
    }

    @SuppressWarnings("unchecked")
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(URI.create(moto.endpoint().toString()))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static String detail(Task task, String name) {
        return task.attachments().get(0).details().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + task.attachments())).value();
    }

    /** moto's state manager (moto-api): how fast its models, here ECS tasks, move from state to state. */
    private static void stateManager(String action, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(moto.endpoint() + "/moto-api/state-manager/" + action))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }
}
