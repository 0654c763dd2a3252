package dev.goaws.core.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/** How a stopped task reads, as ECS describes one (moto never stops a task other than with exit code 0). */
class OneOffTaskTest {
    private static final String ARN = "arn:aws:ecs:eu-central-1:123456789012:task/goaws/0123456789abcdef0123456789abcdef";

    @Test
    void exitZeroIsSuccess() {
        assertNull(OneOffTask.failure(stopped(0, null, "Essential container in task exited")));
    }

    @Test
    void aNonZeroExitCodeIsTheFailureWithTheStoppedReason() {
        assertEquals("Task 0123456789abcdef0123456789abcdef ended with exit code 3 (Essential container in task"
                + " exited). Its log lines are above.", OneOffTask.failure(stopped(3, "EssentialContainerExited",
                "Essential container in task exited")));
    }

    @Test
    void aTaskWhoseCommandNeverRanSaysWhatEcsSays() {
        Task task = Task.builder().taskArn(ARN).lastStatus("STOPPED").stopCode("TaskFailedToStart")
                .stoppedReason("CannotPullContainerError: pull image manifest has been retried 5 time(s)")
                .containers(Container.builder().name("app").reason("CannotPullContainerError").build()).build();
        assertEquals("Task 0123456789abcdef0123456789abcdef stopped before its command ran: TaskFailedToStart,"
                + " CannotPullContainerError: pull image manifest has been retried 5 time(s); container:"
                + " CannotPullContainerError. Typical causes: the image cannot be pulled, a secret is not found, no"
                + " capacity.", OneOffTask.failure(task));
    }

    private static Task stopped(int exitCode, String stopCode, String reason) {
        return Task.builder().taskArn(ARN).lastStatus("STOPPED").stopCode(stopCode).stoppedReason(reason)
                .containers(Container.builder().name("app").exitCode(exitCode).build()).build();
    }
}
