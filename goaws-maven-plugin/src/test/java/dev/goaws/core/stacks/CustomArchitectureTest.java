package dev.goaws.core.stacks;

import static dev.goaws.core.StackKind.CONTAINER;
import static dev.goaws.core.StackKind.TABLE;
import static dev.goaws.core.StackKind.VPC;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goaws.core.StackKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Every name and size is a setting: another project's values reach the templates. */
class CustomArchitectureTest {
    private static Map<StackKind, Template> templates;

    @BeforeAll
    static void synthesize() {
        templates = StackFixtures.templates(StackFixtures.defaults()
                .stackPrefix("shop").parameterPrefix("/shop/prod").partitionKey("sku")
                .vpcCidr("10.20.0.0/20").natGateways(2).containerPort(9090).cpu(512).memoryMiB(1024)
                .desiredCount(3).appUsername("admin").retainData(false)
                .build());
    }

    @Test
    void namesAndSizesComeFromTheSettings() {
        templates.get(VPC).resourceCountIs("AWS::EC2::NatGateway", 2);
        templates.get(VPC).hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.20.0.0/20"));
        templates.get(VPC).hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/shop/prod/vpc"));
        templates.get(TABLE).hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/shop/prod/table"));
        templates.get(TABLE).hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "sku", "KeyType", "HASH"))));
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Cpu", "512", "Memory", "1024",
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "PortMappings", List.of(Map.of("ContainerPort", 9090, "Protocol", "tcp")),
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "GOAWS_TABLE_PARAMETER", "Value", "/shop/prod/table"),
                                Map.of("Name", "PORT", "Value", "9090"))))))));
        // (the environment is sorted by name, which makes the order above deterministic)
        container.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 3));
        container.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
                Match.objectLike(Map.of("SecretStringTemplate", "{\"username\":\"admin\"}"))));
        container.hasParameter("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>",
                "Default", "/shop/prod/vpc"));
        String text = new ObjectMapper().valueToTree(container.toJSON()).toString();
        assertFalse(text.contains("/go-on-aws"), "the default prefix leaked into a custom configuration");
    }

    @Test
    void dataIsDestroyedOnlyWhenAskedTo() {
        Template table = templates.get(TABLE);
        table.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", false))));
    }
}
