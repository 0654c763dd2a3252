package dev.goaws.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.ImageSource;
import dev.goaws.core.local.Moto;
import dev.goaws.core.local.WithMoto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The ECR side of a Jib push against moto's ECR (real AWS API calls, fake account 123456789012): the login, the
 * CDK bootstrap repository as default target, the "run cdk bootstrap" error, and reuse of an image already
 * pushed under its content tag. Nothing here contacts AWS: a build that would push to the ECR host is never run.
 */
@WithMoto
class EcrRegistryTest {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-central-1";
    static final String BOOTSTRAP_REPO = "cdk-hnb659fds-container-assets-" + ACCOUNT + "-" + REGION;
    private static Moto moto;

    @BeforeAll
    static void connect(Moto running) {
        moto = running;
    }

    static EcrClient ecr() {
        return moto.client(EcrClient.builder());
    }

    @Test
    void loginComesFromGetAuthorizationTokenAndNamesTheBootstrapRepository() throws Exception {
        try (EcrClient client = ecr()) {
            EcrRegistry.Login login = new EcrRegistry(client).login();
            assertEquals(ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com", login.registry());
            assertEquals(ACCOUNT, login.account());
            assertEquals("AWS", login.credentials().username());
            assertFalse(login.toString().contains(login.credentials().password()), "no token in toString");
            assertFalse(login.credentials().toString().contains(login.credentials().password()));
            assertEquals(BOOTSTRAP_REPO, EcrRegistry.bootstrapRepository(login.account(), login.region()));
            assertTrue(EcrRegistry.isEcrHost(login.registry()));
            assertFalse(EcrRegistry.isEcrHost("127.0.0.1:5000"));
        }
    }

    @Test
    void withoutBootstrapTheErrorSaysToRunCdkBootstrap(@TempDir Path dir) throws Exception {
        Path dist = packed(dir);
        try (EcrClient client = ecr()) {
            client.deleteRepository(b -> b.repositoryName(BOOTSTRAP_REPO).force(true));
        } catch (software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException absent) {
            // as wanted
        }
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> ImagePublisher.push(
                request(dist), EcrRegistryTest::ecr, s -> { }));
        assertEquals("ECR repository " + BOOTSTRAP_REPO + " does not exist in " + ACCOUNT + "/" + REGION
                + ". Run 'cdk bootstrap aws://" + ACCOUNT + "/" + REGION + "' once, or set goaws.imageRepository"
                + " to an existing repository.", e.getMessage());
    }

    @Test
    void anImageAlreadyPushedUnderItsContentTagIsReusedNotRebuilt(@TempDir Path dir) throws Exception {
        Path dist = packed(dir);
        String tag = ImagePublisher.contentTag(DistLayout.read(dist));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":2,"
                + "\"digest\":\"sha256:" + "0".repeat(64) + "\"},\"layers\":[]}";
        String digest;
        try (EcrClient client = ecr()) {
            try {
                client.createRepository(b -> b.repositoryName(BOOTSTRAP_REPO));
            } catch (software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException exists) {
                // from another test
            }
            digest = client.putImage(b -> b.repositoryName(BOOTSTRAP_REPO).imageTag(tag).imageManifest(manifest))
                    .image().imageId().imageDigest();
        }
        List<String> log = new ArrayList<>();
        ImageSource source = ImagePublisher.publish(request(dist), () -> false, EcrRegistryTest::ecr, log::add);
        assertEquals(new ImageSource.Registry(ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + BOOTSTRAP_REPO
                + "@" + digest), source);
        assertTrue(log.contains("Image " + tag + " is already in " + BOOTSTRAP_REPO + ": nothing to push."), log.toString());
    }

    private static ImagePublisher.Request request(Path dist) {
        return new ImagePublisher.Request(dist, ImageBuilderMode.JIB, null, null, false, null, null, null);
    }

    private static Path packed(Path dir) throws Exception {
        Path classes = TestApps.compileMain(dir.resolve("src"), "hello ecr");
        Path jar = TestApps.shaded(dir.resolve("target/hello-1.0.jar"), classes, List.of(), 0L);
        Path dist = dir.resolve("dist");
        AppPackager.pack(new AppInput(jar, List.of(), classes, null, null, "mvn package"), ImageConfig.defaults(8080), dist);
        return dist;
    }

}
