package dev.goaws.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GoawsSettingsTest {
    private static final String CERTIFICATE = "arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-4e5f";

    @Test
    void defaultsAreTheGoOnAwsArchitecture() {
        GoawsSettings s = GoawsSettings.builder().build();
        assertEquals("goaws-vpc", s.stackName(StackKind.VPC));
        assertEquals("goaws-container", s.stackName(StackKind.CONTAINER));
        assertEquals("/go-on-aws/vpc", s.vpcIdParameter());
        assertEquals("/go-on-aws/table", s.tableParameter());
        assertEquals(256, s.service().cpu());
        assertEquals(512, s.service().memoryMiB());
        assertEquals(8080, s.service().containerPort());
        assertEquals(1, s.network().natGateways());
        assertTrue(s.retainData());
        assertTrue(s.nag());
        assertTrue(s.logging().flowLogs());
        assertEquals(30, s.logging().logRetentionDays());
        assertEquals(1, s.service().minTasks());
        assertEquals(4, s.service().maxTasks());
        assertTrue(s.service().autoscaling());
        assertEquals(70, s.service().cpuTarget());
        assertFalse(s.loadBalancer().https());
        assertEquals(CpuArchitecture.X86_64, s.service().cpuArchitecture());
        assertEquals("/", s.service().healthCheckPath());
        assertNull(s.loadBalancer().accessLogBucket());
        assertEquals(NetworkPreset.NAT, s.network().preset());
    }

    @Test
    void networkPresetIsParsedByItsIdAndRefusedNamingTheParameterAndTheValues() {
        assertEquals(NetworkPreset.NAT_INSTANCE, NetworkPreset.parse(" NAT-Instance "));
        assertEquals(NetworkPreset.PUBLIC, NetworkPreset.parse("public"));
        assertFalse(NetworkPreset.PUBLIC.privateTasks());
        assertTrue(NetworkPreset.NAT_INSTANCE.privateTasks());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> NetworkPreset.parse("none"));
        assertEquals("goaws.network", e.setting());
        assertTrue(e.getMessage().contains("'none' is not a network preset. Allowed: nat, nat-instance, public"),
                e.getMessage());
        InvalidSettingException unset = assertThrows(InvalidSettingException.class,
                () -> GoawsSettings.builder().network(null).build());
        assertEquals("goaws.network", unset.setting());
        assertEquals(NetworkPreset.PUBLIC, GoawsSettings.builder().network(NetworkPreset.PUBLIC).build().toBuilder()
                .build().network().preset(), "toBuilder keeps the preset");
    }

    @Test
    void taskCountsDefaultToTheDesiredCount() {
        GoawsSettings big = GoawsSettings.builder().desiredCount(10).build();
        assertEquals(10, big.service().minTasks());
        assertEquals(10, big.service().maxTasks());
        assertFalse(big.service().autoscaling());
        GoawsSettings scaling = GoawsSettings.builder().desiredCount(3).minTasks(2).build();
        assertEquals(2, scaling.service().minTasks());
        assertEquals(4, scaling.service().maxTasks());
    }

    @Test
    void httpsNeedsOnlyACertificateAndBlankMeansUnset() {
        GoawsSettings https = GoawsSettings.builder().certificateArn(CERTIFICATE).domainName("app.example.com")
                .build();
        assertTrue(https.loadBalancer().https());
        assertEquals("app.example.com", https.loadBalancer().domainName());
        GoawsSettings blank = GoawsSettings.builder().certificateArn(" ").domainName("").accessLogBucket(" ").build();
        assertFalse(blank.loadBalancer().https());
        assertNull(blank.loadBalancer().domainName());
        assertNull(blank.loadBalancer().accessLogBucket());
    }

    @Test
    void cpuArchitectureIsParsedCaseInsensitivelyAndRefusedByName() {
        assertEquals(CpuArchitecture.ARM64, CpuArchitecture.parse("arm64"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> CpuArchitecture.parse("arm"));
        assertEquals("goaws.cpuArchitecture", e.setting());
        assertTrue(e.getMessage().contains("Allowed: X86_64, ARM64"), e.getMessage());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                reject("goaws.cpu", b -> b.cpu(300), "Allowed: [256, 512, 1024"),
                reject("goaws.memory", b -> b.cpu(256).memoryMiB(4096), "512 to 2048 MiB in steps of 512"),
                reject("goaws.memory", b -> b.cpu(512).memoryMiB(1536), "1024 to 4096 MiB in steps of 1024"),
                reject("goaws.memory", b -> b.cpu(1024).memoryMiB(512), "2048 to 8192"),
                reject("goaws.containerPort", b -> b.containerPort(0), "1-65535"),
                reject("goaws.containerPort", b -> b.containerPort(65536), "1-65535"),
                reject("goaws.parameterPrefix", b -> b.parameterPrefix("go-on-aws"), "start with '/'"),
                reject("goaws.parameterPrefix", b -> b.parameterPrefix("/go-on-aws/"), "no trailing '/'"),
                reject("goaws.parameterPrefix", b -> b.parameterPrefix("/aws/x"), "not under /aws"),
                reject("goaws.parameterPrefix", b -> b.parameterPrefix("/a b"), "start with '/'"),
                reject("goaws.stackPrefix", b -> b.stackPrefix("1shop"), "use a letter followed by"),
                reject("goaws.stackPrefix", b -> b.stackPrefix("my_shop"), "letters, digits or '-'"),
                reject("goaws.stackPrefix", b -> b.stackPrefix(""), "CloudFormation stack name"),
                reject("goaws.natGateways", b -> b.natGateways(0), "1 or 2 NAT gateways"),
                reject("goaws.natGateways", b -> b.natGateways(3), "1 or 2 NAT gateways"),
                reject("goaws.desiredCount", b -> b.desiredCount(0), "1 to 100"),
                reject("goaws.vpcCidr", b -> b.vpcCidr("10.0.0.0/8"), "between /16 and /24"),
                reject("goaws.vpcCidr", b -> b.vpcCidr("300.0.0.0/16"), "IPv4 CIDR"),
                reject("goaws.partitionKey", b -> b.partitionKey(" "), "1 to 255"),
                reject("goaws.appUsername", b -> b.appUsername("a:b"), "login name"),
                reject("goaws.logRetentionDays", b -> b.logRetentionDays(31), "Allowed: [1, 3, 5, 7, 14, 30, 60"),
                reject("goaws.logRetentionDays", b -> b.logRetentionDays(0), "3288, 3653]"),
                reject("goaws.minTasks", b -> b.minTasks(0), "at least 1 task"),
                reject("goaws.minTasks", b -> b.minTasks(2), "at most desiredCount=1"),
                reject("goaws.maxTasks", b -> b.desiredCount(3).maxTasks(2), "desiredCount=3 <= maxTasks"),
                reject("goaws.maxTasks", b -> b.maxTasks(101), "<= 100"),
                reject("goaws.cpuTarget", b -> b.cpuTarget(5), "use 10 to 90"),
                reject("goaws.cpuTarget", b -> b.cpuTarget(95), "use 10 to 90"),
                reject("goaws.certificateArn", b -> b.certificateArn("arn:aws:iam::123456789012:server-certificate/x"),
                        "not an ACM certificate ARN"),
                reject("goaws.domainName", b -> b.domainName("app.example.com"), "set goaws.certificateArn"),
                reject("goaws.domainName", b -> b.certificateArn(CERTIFICATE).domainName("App Example"),
                        "lower-case DNS name"),
                reject("goaws.healthCheckPath", b -> b.healthCheckPath("ping"), "start with '/'"),
                reject("goaws.healthCheckPath", b -> b.healthCheckPath("/a b"), "no spaces"),
                reject("goaws.accessLogBucket", b -> b.accessLogBucket("My_Bucket"), "not an S3 bucket name"),
                reject("goaws.stage", b -> b.stage("Dev"), "lower-case letter"),
                reject("goaws.stage", b -> b.stage("1st"), "lower-case letter"),
                reject("goaws.stage", b -> b.stage("dev_1"), "letters, digits or '-'"),
                reject("goaws.stage", b -> b.stage("a".repeat(21)), "up to 19"),
                reject("goaws.stage", b -> b.stackPrefix("s" + "x".repeat(99)).stage("p".repeat(20)), "longer than 128"),
                reject("goaws.tags", b -> b.tags(java.util.Map.of("aws:owner", "x")), "not starting with 'aws:'"),
                reject("goaws.tags", b -> b.tags(java.util.Map.of("team", "a;b")), "not a CloudFormation tag value"),
                reject("goaws.tags", b -> b.tags(java.util.Map.of("k".repeat(129), "v")), "1-128"),
                reject("goaws.tags", b -> b.tags(java.util.Map.of(Naming.STAGE_TAG, "x")), "goaws.stage"));
    }

    private static Arguments reject(String setting, UnaryOperator<GoawsSettings.Builder> change, String hint) {
        return Arguments.of(setting, change, hint);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource
    void refused(String setting, UnaryOperator<GoawsSettings.Builder> change, String hint) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> change.apply(GoawsSettings.builder()).build());
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }

    @ParameterizedTest(name = "cpu {0} memory {1}")
    @CsvSource({"256,512", "256,2048", "512,4096", "1024,8192", "2048,16384", "4096,30720", "8192,61440",
            "16384,122880"})
    void acceptsEveryFargateSizeAtItsBounds(int cpu, int memory) {
        assertEquals(memory, GoawsSettings.builder().cpu(cpu).memoryMiB(memory).build().service().memoryMiB());
    }

    @Test
    void aStageHasItsOwnStackNamesParameterPathAndTag() {
        GoawsSettings s = GoawsSettings.builder().stage("prod").tags(Naming.parseTags(" team=a, cost-center=b"))
                .build();
        assertEquals("goaws-prod-vpc", s.stackName(StackKind.VPC));
        assertEquals("goaws-prod-container", s.stackName(StackKind.CONTAINER));
        assertEquals("/go-on-aws/prod/vpc", s.vpcIdParameter());
        assertEquals("/go-on-aws/prod/table", s.tableParameter());
        assertEquals(java.util.Map.of("team", "a", "cost-center", "b", "goaws:stage", "prod"), s.resourceTags());
        assertNull(GoawsSettings.builder().stage(" ").build().naming().stage(), "a blank stage is no stage");
    }

    @Test
    void tagsAreKeyValuePairs() {
        assertEquals(java.util.Map.of(), Naming.parseTags(""));
        assertEquals(java.util.Map.of("a", ""), Naming.parseTags("a="));
        InvalidSettingException noValue = assertThrows(InvalidSettingException.class,
                () -> Naming.parseTags("team"));
        assertEquals("goaws.tags", noValue.setting());
        assertTrue(noValue.getMessage().contains("team=a,cost-center=b"), noValue.getMessage());
        InvalidSettingException twice = assertThrows(InvalidSettingException.class,
                () -> Naming.parseTags("a=1,a=2"));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
    }

    @Test
    void imageReferencesAreCheckedForShape() {
        new ImageSource.Registry("123456789012.dkr.ecr.eu-central-1.amazonaws.com/app@sha256:"
                + "a".repeat(64));
        new ImageSource.Registry("127.0.0.1:5000/goaws/app:1.0");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new ImageSource.Registry("Not An Image"));
        assertEquals("goaws.image", e.setting());
    }
}
