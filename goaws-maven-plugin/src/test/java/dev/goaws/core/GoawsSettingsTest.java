package dev.goaws.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void defaultsAreTheGoOnAwsArchitecture() {
        GoawsSettings s = GoawsSettings.builder().build();
        assertEquals("goaws-vpc", s.stackName(StackKind.VPC));
        assertEquals("goaws-container", s.stackName(StackKind.CONTAINER));
        assertEquals("/go-on-aws/vpc", s.vpcIdParameter());
        assertEquals("/go-on-aws/table", s.tableParameter());
        assertEquals(256, s.cpu());
        assertEquals(512, s.memoryMiB());
        assertEquals(8080, s.containerPort());
        assertEquals(1, s.natGateways());
        assertTrue(s.retainData());
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
                reject("goaws.appUsername", b -> b.appUsername("a:b"), "login name"));
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
        assertEquals(memory, GoawsSettings.builder().cpu(cpu).memoryMiB(memory).build().memoryMiB());
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
