package dev.goaws.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.local.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A team's own service from its own POM (the {@code service-app} test project: its variables, an SSM and a
 * Secrets Manager secret, a task policy) deployed against moto with the real cdk CLI: a missing secret stops
 * {@code deploy-container} before the CLI starts, {@code goaws:secret} sets both from environment variables,
 * the deployed task definition read back through ECS carries the variables and the {@code valueFrom} references,
 * and no file under {@code target/}, no template and no Maven log contains a secret's value.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceDeployIT {
    private static final String IMAGE = "public.ecr.aws/docker/library/amazoncorretto:17";
    // Random per run: finding one of them anywhere can only mean goaws wrote it there.
    private static final String DB_PASSWORD = "db-" + random();
    private static final String API_TOKEN = "token-" + random();
    private static MotoServer moto;
    private static Path work;
    private static Path project;
    private static MavenRun maven;
    private static String endpointArg;
    private static final List<MavenRun.Result> runs = new ArrayList<>();

    @BeforeAll
    static void startMotoAndPrepareProject() throws Exception {
        work = Path.of("target", "service-it").toAbsolutePath();
        moto = MotoServer.start("python3", 0, work, line -> { }, Duration.ofSeconds(60));
        project = MavenRun.testProject("service-app", work.resolve("project"));
        endpointArg = "-Dgoaws.endpoint=" + moto.endpoint();
        maven = MavenRun.emulated(project, work).env("IT_DB_PASSWORD", DB_PASSWORD).env("IT_API_TOKEN", API_TOKEN);
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    private static MavenRun.Result run(String name, String... goals) throws IOException {
        MavenRun.Result result = maven.run("service-" + name, goals);
        runs.add(result);
        return result;
    }

    @Test
    @Order(1)
    void theVpcAndTableStacksOfTheStage() throws Exception {
        MavenRun.Result r = run("01-prerequisites", "goaws:deploy-vpc", "goaws:deploy-table", "-Dgoaws.bootstrap=true",
                endpointArg);
        assertTrue(r.succeeded(), r.log());
    }

    @Test
    @Order(2)
    void deployContainerRefusesMissingSecretsBeforeTheCliStartsNamingThemAndTheCommand() throws Exception {
        MavenRun.Result r = run("02-secrets-missing", "goaws:deploy-container", "-Dgoaws.image=" + IMAGE, endpointArg);
        assertFalse(r.succeeded(), r.log());
        assertTrue(r.log().contains("The container's secrets must exist before it is deployed (a task cannot start"
                + " without them); missing in aws://123456789012/eu-central-1:"), r.log());
        assertTrue(r.log().contains("  API_TOKEN (Secrets Manager secret service-app/test/api, key token)"), r.log());
        assertTrue(r.log().contains("  DB_PASSWORD (SSM parameter /go-on-aws/test/secrets/db-password)"), r.log());
        assertTrue(r.log().contains("Set each with mvn goaws:secret -Dgoaws.stage=test " + endpointArg
                + " -Dgoaws.secretName=<NAME>"), r.log());
        assertFalse(r.log().contains("cdk deploy"), "the CLI must not start");
        assertFalse(r.log().contains("Synthesizing"), "nothing is synthesized for a deploy that cannot work");
    }

    @Test
    @Order(3)
    void goawsSecretListsThenSetsEachValueFromAnEnvironmentVariable() throws Exception {
        MavenRun.Result before = run("03-list-missing", "goaws:secret", endpointArg);
        assertTrue(before.succeeded(), before.log());
        assertTrue(before.log().contains("[INFO]   DB_PASSWORD  SSM parameter /go-on-aws/test/secrets/db-password"
                + "  MISSING"), before.log());
        assertTrue(before.log().contains("[INFO]   API_TOKEN  Secrets Manager secret service-app/test/api, key token"
                + "  MISSING"), before.log());

        MavenRun.Result db = run("03-set-db", "goaws:secret", "-Dgoaws.secretName=DB_PASSWORD",
                "-Dgoaws.secretValueFrom=IT_DB_PASSWORD", endpointArg);
        assertTrue(db.succeeded(), db.log());
        assertTrue(db.log().contains("Created DB_PASSWORD (SSM parameter /go-on-aws/test/secrets/db-password) in"
                + " aws://123456789012/eu-central-1."), db.log());
        MavenRun.Result token = run("03-set-token", "goaws:secret", "-Dgoaws.secretName=API_TOKEN",
                "-Dgoaws.secretValueFrom=IT_API_TOKEN", endpointArg);
        assertTrue(token.succeeded(), token.log());

        MavenRun.Result after = run("03-list-set", "goaws:secret", endpointArg);
        assertTrue(after.log().matches("(?s).*\\[INFO]   DB_PASSWORD  SSM parameter /go-on-aws/test/secrets/"
                + "db-password  set, last changed \\d{4}-.*"), after.log());
        assertTrue(after.log().matches("(?s).*\\[INFO]   API_TOKEN  Secrets Manager secret service-app/test/api,"
                + " key token  set, last changed \\d{4}-.*"), after.log());

        try (SsmClient ssm = client(SsmClient.builder());
                SecretsManagerClient secrets = client(SecretsManagerClient.builder())) {
            var parameter = ssm.getParameter(b -> b.name("/go-on-aws/test/secrets/db-password").withDecryption(true))
                    .parameter();
            assertEquals("SecureString", parameter.typeAsString());
            assertEquals(DB_PASSWORD, parameter.value());
            assertEquals("{\"token\":\"" + API_TOKEN + "\"}",
                    secrets.getSecretValue(b -> b.secretId("service-app/test/api")).secretString());
        }
    }

    @Test
    @Order(4)
    void deployContainerPutsTheVariablesAndTheSecretsReferencesIntoTheTaskDefinition() throws Exception {
        MavenRun.Result r = run("04-deploy-container", "goaws:deploy-container", "-Dgoaws.image=" + IMAGE,
                endpointArg);
        assertTrue(r.succeeded(), r.log());
        String apiArn;
        try (SecretsManagerClient secrets = client(SecretsManagerClient.builder())) {
            apiArn = secrets.describeSecret(b -> b.secretId("service-app/test/api")).arn();
        }
        ContainerDefinition app = deployedContainer("goaws-test-container");
        Map<String, String> environment = new TreeMap<>();
        app.environment().forEach(pair -> environment.put(pair.name(), pair.value()));
        assertEquals("debug", environment.get("LOG_LEVEL"));
        assertEquals("checkout-v2,dark-mode", environment.get("FEATURE_FLAGS"));
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample", environment.get("SIGNING_PUBLIC_KEY"));
        assertEquals("/go-on-aws/test/table", environment.get("GOAWS_TABLE_PARAMETER"));
        Map<String, String> valueFrom = new TreeMap<>();
        app.secrets().forEach(secret -> valueFrom.put(secret.name(), secret.valueFrom()));
        assertEquals(List.of("API_TOKEN", "DB_PASSWORD", "GOAWS_PASSWORD", "GOAWS_USERNAME"),
                List.copyOf(valueFrom.keySet()));
        assertEquals("arn:aws:ssm:eu-central-1:123456789012:parameter/go-on-aws/test/secrets/db-password",
                valueFrom.get("DB_PASSWORD"));
        // The complete ARN, looked up before the deploy: ECS does not accept a secret's name-only ARN.
        assertEquals(apiArn + ":token::", valueFrom.get("API_TOKEN"));

        try (CloudFormationClient cfn = client(CloudFormationClient.builder())) {
            String template = cfn.getTemplate(b -> b.stackName("goaws-test-container")).templateBody();
            assertTrue(template.contains("SendOrders") && template.contains("orders-test"), "the task policy");
            assertFalse(template.contains(DB_PASSWORD) || template.contains(API_TOKEN), "a value in the template");
        }
    }

    @Test
    @Order(5)
    void statusListsTheVariableAndSecretNamesAndTheTaskPolicy() throws Exception {
        MavenRun.Result r = run("05-status", "goaws:status", endpointArg);
        assertTrue(r.succeeded(), r.log());
        assertTrue(r.log().contains("[INFO] Service configuration of goaws-test-container:"), r.log());
        assertTrue(r.log().contains("[INFO]   environment     FEATURE_FLAGS, LOG_LEVEL, SIGNING_PUBLIC_KEY"), r.log());
        assertTrue(r.log().contains("[INFO]   secret          DB_PASSWORD  SSM parameter"
                + " /go-on-aws/test/secrets/db-password  set, last changed "), r.log());
        assertTrue(r.log().contains("[INFO]   secret          API_TOKEN  Secrets Manager secret service-app/test/api,"
                + " key token  set, last changed "), r.log());
        assertTrue(r.log().contains("src/main/aws/task-policy.json (2 statement(s) for the task role)"), r.log());
    }

    @Test
    @Order(6)
    void noFileUnderTargetNoTemplateAndNoLogHasASecretsValue() throws Exception {
        assertTrue(Files.isDirectory(project.resolve("target/goaws/cdk.out")), "the assembly was written");
        List<Path> withValue = new ArrayList<>();
        try (Stream<Path> files = Files.walk(project.resolve("target"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (content.contains(DB_PASSWORD) || content.contains(API_TOKEN)) {
                    withValue.add(file);
                }
            }
        }
        assertEquals(List.of(), withValue);
        assertTrue(runs.size() >= 8, "the runs above");
        for (MavenRun.Result run : runs) {
            assertFalse(run.log().contains(DB_PASSWORD) || run.log().contains(API_TOKEN), run.log());
        }
    }

    private static ContainerDefinition deployedContainer(String stack) {
        try (CloudFormationClient cfn = client(CloudFormationClient.builder()); EcsClient ecs = client(EcsClient.builder())) {
            var resources = cfn.describeStackResources(b -> b.stackName(stack)).stackResources();
            String cluster = resources.stream().filter(res -> res.resourceType().equals("AWS::ECS::Cluster"))
                    .findFirst().orElseThrow().physicalResourceId();
            String service = resources.stream().filter(res -> res.resourceType().equals("AWS::ECS::Service"))
                    .findFirst().orElseThrow().physicalResourceId();
            String definition = ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0)
                    .taskDefinition();
            return ecs.describeTaskDefinition(b -> b.taskDefinition(definition)).taskDefinition()
                    .containerDefinitions().get(0);
        }
    }

    private static String random() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(URI.create(moto.endpoint().toString()))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
