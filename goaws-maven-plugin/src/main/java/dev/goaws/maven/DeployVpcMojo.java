package dev.goaws.maven;

import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.DeployGoals;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Deploys the VPC stack with the cdk CLI: synthesizes in-process, checks credentials, region and bootstrap, then
 * runs {@code cdk deploy <prefix>-vpc --exclusively}. Publishes the VPC's id, AZs and subnets to SSM.
 */
@Mojo(name = "deploy-vpc", threadSafe = true)
public class DeployVpcMojo extends AbstractCdkMojo {
    @Override
    protected void run() {
        DeployGoals.deploy(deployRequest(settings()), List.of(StackKind.VPC), null);
    }
}
