package dev.goaws.maven;

import dev.goaws.core.operate.Rollback;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Puts the service back on the image of an earlier task definition revision, through a CloudFormation deploy of
 * the container stack with that image, so the stack and the service agree afterwards. Prints
 * {@code from <image> (revision N) -> to <image> (revision M)} and waits for the rollout as {@code deploy-container}
 * does. The rest of the stack is deployed as configured, as with any deploy.
 */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends AbstractCdkMojo {
    /**
     * The revision of the service's task definition whose image to go back to. Unset: the newest revision before
     * the running one whose image differs from the running image.
     */
    @Parameter(property = "goaws.toRevision")
    private Integer toRevision;

    @Override
    protected void run() {
        Rollback.run(deployRequest(settings()), toRevision);
    }
}
