package dev.goaws.maven;

import dev.goaws.core.StackKind;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/** Deploys all three stacks in dependency order: vpc and table side by side, then the container stack. */
@Mojo(name = "deploy", threadSafe = true)
public class DeployMojo extends AbstractImageDeployMojo {
    @Override
    protected List<StackKind> stacks() {
        return List.of(StackKind.VPC, StackKind.TABLE, StackKind.CONTAINER);
    }
}
