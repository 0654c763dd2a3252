package dev.goaws.maven;

import dev.goaws.core.StackKind;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deploys the vpc stack with the cdk CLI: synthesizes in-process, checks credentials, region, bootstrap and
 * prerequisite stacks, then runs {@code cdk deploy <prefix>-vpc --exclusively}.
 */
@Mojo(name = "deploy-vpc", threadSafe = true)
public class DeployVpcMojo extends AbstractDeployMojo {
    @Override
    protected List<StackKind> stacks() {
        return List.of(StackKind.VPC);
    }
}
