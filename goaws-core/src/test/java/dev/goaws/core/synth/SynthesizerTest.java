package dev.goaws.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.amazon.awscdk.services.s3.CfnBucket;

@Tag("node")
class SynthesizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void synthesizesTheThreeStacksOfflineWithNoMissingContext(@TempDir Path dir) throws Exception {
        Map<String, String> noAws = new HashMap<>(System.getenv());
        noAws.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CDK_DEFAULT_"));
        Path out = dir.resolve("cdk.out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("stale.template.json"), "{}");

        Assembly assembly = new Synthesizer(noAws).synthesize(GoawsSettings.builder()
                .image(new ImageSource.Registry("public.ecr.aws/docker/library/amazoncorretto:17")).build(), out);

        assertEquals(Set.of("goaws-vpc", "goaws-table", "goaws-container"), assembly.stackNames());
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertTrue(manifest.path("missing").isMissingNode(), "missing context: " + manifest.path("missing"));
        for (String stack : assembly.stackNames()) {
            assertTrue(Files.isRegularFile(assembly.template(stack)));
            assertEquals("aws://unknown-account/unknown-region",
                    manifest.path("artifacts").path(stack).path("environment").asText());
        }
        assertFalse(Files.exists(out.resolve("stale.template.json")), "a stale template survived");
        assertEquals("2.1134.0", assembly.minimumCliVersion());
        assertEquals("/cdk-bootstrap/hnb659fds/version", assembly.bootstrapVersionParameter());
        assertEquals(6, assembly.requiredBootstrapVersion());
    }

    @Test
    void containerStackIsLeftOutWithoutAnImage(@TempDir Path dir) throws Exception {
        Assembly assembly = new Synthesizer(System.getenv()).synthesize(GoawsSettings.builder().build(), dir);
        assertEquals(Set.of("goaws-vpc", "goaws-table"), assembly.stackNames());
    }

    @Test
    void refusesAnAssemblyThatNeedsAContextLookup(@TempDir Path dir) {
        App app = App.Builder.create().outdir(dir.toString()).build();
        Stack stack = new Stack(app, "lookup", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-central-1").build()).build());
        Vpc.fromLookup(stack, "Vpc", VpcLookupOptions.builder().vpcId("vpc-0abc").build());
        app.synth();

        SynthesisException e = assertThrows(SynthesisException.class, () -> Assembly.load(dir));
        assertTrue(e.getMessage().contains("vpc-provider"), e.getMessage());
        assertTrue(e.getMessage().contains("Refusing to deploy placeholder values"), e.getMessage());
    }

    @Test
    void explainsAMissingNodeBeforeTheCdkStarts(@TempDir Path dir) {
        Map<String, String> env = Map.of("JSII_NODE", dir.resolve("no-such-node").toString());
        SynthesisException e = assertThrows(SynthesisException.class,
                () -> new Synthesizer(env).synthesize(GoawsSettings.builder().build(), dir.resolve("out")));
        assertTrue(e.getMessage().contains("JSII_NODE"), e.getMessage());
        assertTrue(e.getMessage().contains("Install Node.js"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "nothing may be written when node is missing");
    }

    @Test
    void featureFlagsAreThoseOfTheAwsCdkLibOnTheClasspath() throws Exception {
        String tgz = "/software/amazon/awscdk/aws-cdk-lib@" + App.class.getPackage().getImplementationVersion()
                + ".jsii.tgz";
        try (InputStream raw = App.class.getResourceAsStream(tgz)) {
            assertTrue(raw != null, "no " + tgz + " in aws-cdk-lib");
            TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw));
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().equals("package/recommended-feature-flags.json")) {
                    assertEquals(JSON.readTree(tar.readAllBytes()), JSON.valueToTree(Synthesizer.featureFlags()),
                            "update " + Synthesizer.FEATURE_FLAGS + " from the new aws-cdk-lib");
                    return;
                }
            }
        }
        throw new AssertionError("aws-cdk-lib ships no recommended-feature-flags.json");
    }

    /** A bucket with neither server access logs nor an SSL-only policy: two AwsSolutions errors. */
    private static void unencryptedBucketStack(App app) {
        new CfnBucket(new Stack(app, "nag-probe"), "OpenBucket");
    }

    @Test
    void anUnsuppressedCdkNagFindingFailsSynthesisAndListsEachFinding(@TempDir Path dir) {
        Path out = dir.resolve("cdk.out");
        SynthesisException e = assertThrows(SynthesisException.class, () -> new Synthesizer(System.getenv())
                .synthesize(GoawsSettings.builder().build(), out, SynthesizerTest::unencryptedBucketStack));
        String message = e.getMessage();
        assertTrue(message.startsWith("The stacks failed the checks with 2 unsuppressed finding(s)"), message);
        assertTrue(message.contains("\n  - AwsSolutions-S1 at nag-probe/OpenBucket:\n      The S3 Bucket has server"
                + " access logs disabled."), message);
        assertTrue(message.contains("\n  - AwsSolutions-S10 at nag-probe/OpenBucket:\n      The S3 Bucket or bucket"
                + " policy does not require requests to use SSL."), message);
        assertTrue(message.contains("NagSuppressions.addResourceSuppressions") && message.contains("-Dgoaws.nag=false"),
                message);
        // The goaws stacks' own, suppressed findings are not reported.
        assertFalse(message.contains("goaws-vpc"), message);
        assertFalse(Files.exists(out.resolve("manifest.json")), "a failed assembly stayed deployable");
    }

    @Test
    void goawsNagFalseSkipsTheCheck(@TempDir Path dir) throws Exception {
        Assembly assembly = new Synthesizer(System.getenv()).synthesize(GoawsSettings.builder().nag(false).build(),
                dir, SynthesizerTest::unencryptedBucketStack);
        assertEquals(Set.of("goaws-vpc", "goaws-table", "nag-probe"), assembly.stackNames());
    }
}
