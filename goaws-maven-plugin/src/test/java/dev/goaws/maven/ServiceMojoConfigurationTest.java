package dev.goaws.maven;

import dev.goaws.core.GoawsSettings;
import dev.goaws.core.SecretReference;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectBuildingRequest;
import org.eclipse.aether.DefaultRepositorySystemSession;

/**
 * The service's parameters as Maven binds them from a POM: the {@code <environment>} and {@code <secrets>} maps,
 * the {@code goaws.environment}/{@code goaws.secrets} strings merged over them (Maven cannot bind a {@code -D}
 * property to a map), and a refusal named by the element and the property.
 */
public class ServiceMojoConfigurationTest extends AbstractMojoTestCase {

    private SynthMojo mojo() throws Exception {
        File pom = getTestFile("src/test/resources/unit/service/pom.xml");
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        ProjectBuildingRequest building = request.getProjectBuildingRequest();
        building.setRepositorySession(new DefaultRepositorySystemSession());
        MavenProject project = lookup(ProjectBuilder.class).build(pom, building).getProject();
        return (SynthMojo) lookupConfiguredMojo(project, "synth");
    }

    public void testThePomsMapsAndTheCommandLinesPairsMakeOneConfiguration() throws Exception {
        SynthMojo mojo = mojo();
        assertEquals(Map.of("LOG_LEVEL", "info", "FEATURE_FLAGS", "a,b"), mojo.environment);
        setVariableValueToObject(mojo, "environmentOverrides", "LOG_LEVEL=debug,QUEUE_URL=https://q");
        setVariableValueToObject(mojo, "secretsOverrides", "API_TOKEN=secretsmanager:shop/api:token");
        GoawsSettings settings = mojo.settings();
        assertEquals(Map.of("LOG_LEVEL", "debug", "FEATURE_FLAGS", "a,b", "QUEUE_URL", "https://q"),
                settings.app().environment());
        assertEquals(List.of("API_TOKEN", "DB_PASSWORD"), List.copyOf(settings.app().secrets().keySet()));
        assertEquals("/go-on-aws/dev/secrets/db-password", ((SecretReference.Ssm) settings.app().secrets()
                .get("DB_PASSWORD")).parameterName(settings.parameterPath()));
        assertEquals(List.of("arn:aws:iam::123456789012:policy/app-reads"), settings.app().managedPolicies());
    }

    public void testASecretLookingVariableFromTheCommandLineIsRefusedByItsElementAndProperty() throws Exception {
        SynthMojo mojo = mojo();
        setVariableValueToObject(mojo, "environmentOverrides", "STRIPE_API_KEY=sk_live_value");
        MojoFailureException e = assertThrows(mojo);
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid goaws configuration <environment>"
                + " (-Dgoaws.environment): STRIPE_API_KEY looks like a secret (its name has _KEY)"));
        assertFalse(e.getMessage(), e.getMessage().contains("sk_live_value"));
    }

    public void testATaskPolicyFileThatIsMissingIsNamed() throws Exception {
        SynthMojo mojo = mojo();
        setVariableValueToObject(mojo, "taskPolicy", new File("src/main/aws/missing.json"));
        MojoFailureException e = assertThrows(mojo);
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid goaws configuration <taskPolicy>"
                + " (-Dgoaws.taskPolicy): src/main/aws/missing.json does not exist"));
    }

    private static MojoFailureException assertThrows(SynthMojo mojo) {
        try {
            mojo.execute();
        } catch (MojoFailureException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a MojoFailureException, got " + e, e);
        }
        throw new AssertionError("expected a MojoFailureException");
    }
}
