package dev.goaws.core.operate;

import dev.goaws.core.EcrAddress;
import dev.goaws.core.GoawsSettings;
import dev.goaws.core.ImageSource;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Reporter;
import dev.goaws.core.StackKind;
import dev.goaws.core.deploy.AwsTarget;
import dev.goaws.core.deploy.DeployGoals;
import dev.goaws.core.deploy.Deployment;
import dev.goaws.core.deploy.StackReader;
import dev.goaws.core.synth.Assembly;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * {@code goaws:rollback}: puts the service back on the image of an earlier task definition revision, through a
 * CloudFormation deploy of the container stack with that image (the same path as {@code deploy-container}), so the
 * stack's template and the service agree afterwards: no drift, and the next deploy starts from what runs.
 *
 * <p>Which revision: {@code goaws.toRevision}, or by default the newest revision before the one the service runs
 * whose image differs from the running one (a revision that changed only the configuration is no image to go back
 * to). The rest of the stack is deployed as configured now, as with any deploy. An image in ECR referenced by a tag
 * is pinned by the digest the tag names now (an image by digest runs exactly what ran before); a tag elsewhere is
 * deployed as it is, with a warning that it may have moved.
 */
public final class Rollback {

    /** What the rollback did: from the running revision's image to the chosen revision's, as revision {@code deployed}. */
    public record Result(String fromImage, int fromRevision, String toImage, int toRevision, int deployedRevision) {
    }

    private Rollback() {
    }

    /**
     * @param toRevision {@code goaws.toRevision}, or null for the newest earlier revision with another image
     */
    public static Result run(DeployGoals.Request request, Integer toRevision) {
        if (toRevision != null && toRevision < 1) {
            throw new InvalidSettingException("goaws.toRevision", "toRevision=" + toRevision + ": name a revision"
                    + " number of the service's task definition (1 or more), or leave it unset for the previous image.");
        }
        request.cli().check(request.target());
        Reporter log = request.reporter();
        AwsTarget.AwsSession aws = DeployGoals.connect(request);
        String stack = request.settings().stackName(StackKind.CONTAINER);
        DeployedService current = DeployedService.read(aws, stack);
        TaskDefinition running = current.taskDefinition();
        String runningImage = current.container().image();
        TaskDefinition target;
        try (EcsClient ecs = aws.ecs()) {
            target = choose(ecs, running, runningImage, toRevision);
        }
        String containerName = current.container().name();
        String targetImage = target.containerDefinitions().stream().filter(c -> c.name().equals(containerName))
                .findFirst().orElse(target.containerDefinitions().get(0)).image();
        String image = pin(aws, targetImage, target.revision(), log);
        log.info("Rolling " + current.service().serviceName() + " back: from " + withDigest(aws, current, runningImage)
                + " (revision " + running.revision() + ") -> to " + image + " (revision " + target.revision() + ")");
        if (targetImage.equals(runningImage)) {
            log.warn("Revision " + target.revision() + " runs the same image as revision " + running.revision()
                    + ": the deploy changes what the configuration changes, not the image.");
        }

        GoawsSettings settings = request.settings().toBuilder().image(new ImageSource.Registry(image)).build();
        new StackReader(settings, aws).requirePrerequisites(List.of(StackKind.CONTAINER));
        Assembly assembly = request.assemblies().get(settings, request.assemblyDirectory());
        Deployment.open(settings, assembly, aws, request.cli(), request.workspace().outputsFile(), log)
                .deploy(List.of(StackKind.CONTAINER));

        DeployedService after = DeployedService.read(aws, stack);
        String nowRunning = after.container().image();
        if (!nowRunning.equals(image)) {
            throw new OperateException("The deploy of " + stack + " succeeded, but its service runs " + nowRunning
                    + " (task definition " + after.revisionName() + "), not " + image + ". Check the service: "
                    + "mvn goaws:status.");
        }
        log.info("The service runs revision " + after.taskDefinition().revision() + " with the image of revision "
                + target.revision() + ": " + image);
        return new Result(runningImage, running.revision(), image, target.revision(), after.taskDefinition().revision());
    }

    /** {@code toRevision}, or the newest earlier revision whose image differs from the running one. */
    private static TaskDefinition choose(EcsClient ecs, TaskDefinition running, String runningImage,
            Integer toRevision) {
        String family = running.family();
        TreeMap<Integer, String> revisions = revisions(ecs, family);
        if (toRevision != null) {
            if (toRevision == running.revision()) {
                throw new InvalidSettingException("goaws.toRevision", "toRevision=" + toRevision + " is the revision"
                        + " the service runs (" + family + ":" + toRevision + "): nothing to roll back. Its revisions: "
                        + revisions.keySet() + ".");
            }
            if (!revisions.containsKey(toRevision)) {
                throw new InvalidSettingException("goaws.toRevision", family + " has no revision " + toRevision
                        + ". Its revisions: " + revisions.keySet() + ".");
            }
            return describe(ecs, revisions.get(toRevision));
        }
        for (Map.Entry<Integer, String> revision : revisions.descendingMap().entrySet()) {
            if (revision.getKey() < running.revision()) {
                TaskDefinition earlier = describe(ecs, revision.getValue());
                if (earlier.containerDefinitions().stream().noneMatch(c -> c.image().equals(runningImage))) {
                    return earlier;
                }
            }
        }
        boolean only = revisions.keySet().stream().allMatch(r -> r >= running.revision());
        throw new OperateException("Nothing to roll back to: the service runs " + family + ":" + running.revision()
                + " (" + runningImage + "), and " + (only ? "there is no earlier revision"
                : "no earlier revision runs another image (revisions " + revisions.keySet() + ")")
                + ". A rollback needs an earlier deploy of another image; goaws.toRevision=<n> names a revision"
                + " explicitly.");
    }

    /** The family's revisions, active and inactive (CloudFormation deregisters the ones it replaced), by number. */
    private static TreeMap<Integer, String> revisions(EcsClient ecs, String family) {
        TreeMap<Integer, String> revisions = new TreeMap<>();
        for (TaskDefinitionStatus status : List.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE)) {
            ecs.listTaskDefinitionsPaginator(b -> b.familyPrefix(family).status(status)).taskDefinitionArns()
                    .forEach(arn -> {
                        String name = arn.substring(arn.lastIndexOf('/') + 1);
                        int colon = name.lastIndexOf(':');
                        if (colon > 0 && name.substring(0, colon).equals(family)) {
                            revisions.put(Integer.parseInt(name.substring(colon + 1)), arn);
                        }
                    });
        }
        return revisions;
    }

    private static TaskDefinition describe(EcsClient ecs, String arn) {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition();
    }

    /**
     * The reference to deploy: an image by digest as it is; an ECR image by tag pinned by the digest the tag names
     * now (the container stack grants the execution role pulls from that repository); any other tag as it is.
     */
    static String pin(AwsTarget.AwsSession aws, String image, int revision, Reporter log) {
        if (image.contains("@sha256:")) {
            return image;
        }
        int slash = image.indexOf('/');
        int colon = image.lastIndexOf(':');
        Optional<EcrAddress> ecr = slash < 0 ? Optional.empty() : EcrAddress.ofHost(image.substring(0, slash));
        if (ecr.isEmpty() || colon < slash) {
            log.warn(image + " (revision " + revision + ") is referenced by tag, not by digest: it runs whatever the"
                    + " tag names now, which may not be the image that ran then.");
            return image;
        }
        String repository = image.substring(slash + 1, colon);
        String tag = image.substring(colon + 1);
        try (EcrClient client = aws.ecr()) {
            String digest = client.describeImages(b -> b.registryId(ecr.get().account()).repositoryName(repository)
                    .imageIds(id -> id.imageTag(tag))).imageDetails().get(0).imageDigest();
            String pinned = image.substring(0, colon) + "@" + digest;
            log.info("The image of revision " + revision + ", " + image + ", is " + pinned + " in ECR.");
            return pinned;
        } catch (ImageNotFoundException | RepositoryNotFoundException e) {
            throw new OperateException("The image of revision " + revision + ", " + image + ", is no longer in ECR ("
                    + e.awsErrorDetails().errorMessage() + "): it cannot run again. Name another revision with"
                    + " goaws.toRevision, or deploy a rebuilt image.", e);
        }
    }

    /** {@code image}, with the digest a running task reports when the reference has none. */
    private static String withDigest(AwsTarget.AwsSession aws, DeployedService service, String image) {
        if (image.contains("@sha256:")) {
            return image;
        }
        try (EcsClient ecs = aws.ecs()) {
            List<String> tasks = ecs.listTasks(b -> b.cluster(service.cluster())
                    .serviceName(service.service().serviceName())).taskArns();
            if (tasks.isEmpty()) {
                return image;
            }
            return ecs.describeTasks(b -> b.cluster(service.cluster()).tasks(tasks)).tasks().stream()
                    .flatMap(t -> t.containers().stream())
                    .filter(c -> image.equals(c.image()) && c.imageDigest() != null)
                    .map(c -> image + "@" + c.imageDigest()).findFirst().orElse(image);
        }
    }
}
