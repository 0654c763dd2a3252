package dev.goaws.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goaws.core.GoawsSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Basic auth without TLS is said at deploy time, where it matters: on AWS, not against an emulator. */
class PlainHttpWarningTest {
    private static final AwsTarget AWS = AwsTarget.of("eu-central-1", null, null, null, Map.of());
    private static final AwsTarget MOTO = AwsTarget.of("eu-central-1", null, "http://127.0.0.1:4566", null, Map.of());

    @Test
    void aDeployToAwsWithoutCertificateIsWarnedNamingTheSettingThatFixesIt() {
        String warning = DeployGoals.plainHttpWarning(GoawsSettings.builder().build(), AWS).orElseThrow();
        assertTrue(warning.startsWith("goaws-container's load balancer serves plain HTTP on port 80"), warning);
        assertTrue(warning.contains("goaws.certificateArn"), warning);
    }

    @Test
    void withACertificateOrAgainstAnEmulatorThereIsNothingToSay() {
        GoawsSettings https = GoawsSettings.builder()
                .certificateArn("arn:aws:acm:eu-central-1:123456789012:certificate/0f0e0d0c-0b0a-4909-8807-060504030201")
                .build();
        assertEquals(Optional.empty(), DeployGoals.plainHttpWarning(https, AWS));
        assertEquals(Optional.empty(), DeployGoals.plainHttpWarning(GoawsSettings.builder().build(), MOTO));
    }
}
