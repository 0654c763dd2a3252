package dev.goaws.core.stacks;

import static dev.goaws.core.StackKind.CONTAINER;
import static dev.goaws.core.StackKind.VPC;

import dev.goaws.core.StackKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The option states neither the default nor the custom configuration covers: a fixed task count (no
 * autoscaling), HTTPS without a domain name, flow logs with data not retained and a short retention.
 */
@Tag("node")
class OptionVariantsTest {
    private static Map<StackKind, Template> templates;

    @BeforeAll
    static void synthesize() {
        templates = StackFixtures.templates(StackFixtures.defaults()
                .desiredCount(2).minTasks(2).maxTasks(2)
                .certificateArn(CustomArchitectureTest.CERTIFICATE)
                .retainData(false).logRetentionDays(7)
                .build());
    }

    @Test
    void aFixedTaskCountCreatesNoScaling() {
        Template container = templates.get(CONTAINER);
        container.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 2));
        container.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
        container.resourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 0);
    }

    @Test
    void withoutADomainNameTheUrlIsTheLoadBalancersHttpsName() {
        templates.get(CONTAINER).hasOutput(ContainerStack.OUTPUT_SERVICE_URL, Map.of("Value", Map.of("Fn::Join",
                List.of("", List.of("https://", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "DNSName")))))));
    }

    @Test
    void flowLogsFollowTheRetentionAndAreDeletedWithUnretainedData() {
        templates.get(VPC).resourceCountIs("AWS::EC2::FlowLog", 1);
        templates.get(VPC).hasResource("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete",
                "Properties", Map.of("RetentionInDays", 7)));
    }
}
