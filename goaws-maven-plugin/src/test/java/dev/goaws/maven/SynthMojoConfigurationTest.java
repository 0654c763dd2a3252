package dev.goaws.maven;

import java.io.File;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectBuildingRequest;
import org.eclipse.aether.DefaultRepositorySystemSession;

/**
 * The Mojo as Maven configures it from a POM (maven-plugin-testing-harness): invalid values are refused with
 * the parameter's name and the allowed values, before anything is synthesized.
 */
public class SynthMojoConfigurationTest extends AbstractMojoTestCase {

    private SynthMojo mojo(String project) throws Exception {
        File pom = getTestFile("src/test/resources/unit/" + project + "/pom.xml");
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        ProjectBuildingRequest building = request.getProjectBuildingRequest();
        building.setRepositorySession(new DefaultRepositorySystemSession());
        MavenProject mavenProject = lookup(ProjectBuilder.class).build(pom, building).getProject();
        // Configured as Maven does it: POM values, then defaults and ${...} expressions.
        Mojo mojo = lookupConfiguredMojo(mavenProject, "synth");
        assertNotNull(mojo);
        return (SynthMojo) mojo;
    }

    public void testDefaultsAreTheGoOnAwsArchitecture() throws Exception {
        SynthMojo mojo = mojo("bad-memory");
        assertEquals("goaws", mojo.stackPrefix);
        assertEquals("/go-on-aws", mojo.parameterPrefix);
        assertEquals("itemID", mojo.partitionKey);
        assertEquals(8080, mojo.containerPort);
        assertEquals(1, mojo.natGateways);
        assertTrue(mojo.nag);
        assertTrue(mojo.flowLogs);
        assertEquals(30, mojo.logRetentionDays);
        assertEquals(70, mojo.cpuTarget);
        assertEquals("X86_64", mojo.cpuArchitecture);
        assertEquals("/", mojo.healthCheckPath);
        assertNull(mojo.minTasks);
        assertNull(mojo.maxTasks);
        assertNull(mojo.certificateArn);
        assertNull(mojo.accessLogBucket);
    }

    public void testRefusesAnUnknownCpuArchitectureByItsParameterName() throws Exception {
        SynthMojo mojo = mojo("bad-memory");
        setVariableValueToObject(mojo, "memory", 512);
        setVariableValueToObject(mojo, "cpuArchitecture", "arm");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage(), e.getMessage().startsWith(
                "Invalid goaws configuration <cpuArchitecture> (-Dgoaws.cpuArchitecture): 'arm' is not"));
    }

    public void testRefusesAMemorySizeFargateDoesNotOfferForTheCpu() throws Exception {
        SynthMojo mojo = mojo("bad-memory");
        File out = getTestFile("target/unit/bad-memory");
        setVariableValueToObject(mojo, "outputDirectory", out);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid goaws configuration <memory> (-Dgoaws.memory)"));
        assertTrue(e.getMessage(), e.getMessage().contains("512 to 2048 MiB in steps of 512"));
        assertFalse("nothing may be synthesized for an invalid configuration", out.exists());
    }

    public void testSkipDoesNothingNotEvenValidate() throws Exception {
        // The same configuration fails without goaws.skip (see the memory test above).
        SynthMojo mojo = mojo("bad-memory");
        File out = getTestFile("target/unit/skipped");
        setVariableValueToObject(mojo, "outputDirectory", out);
        setVariableValueToObject(mojo, "skip", true);
        mojo.execute();
        assertFalse("a skipped goal writes nothing", out.exists());
    }

    public void testRefusesAParameterPrefixWithoutLeadingSlash() throws Exception {
        SynthMojo mojo = mojo("bad-memory");
        setVariableValueToObject(mojo, "memory", 512);
        setVariableValueToObject(mojo, "parameterPrefix", "go-on-aws");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage(), e.getMessage().contains("<parameterPrefix> (-Dgoaws.parameterPrefix)"));
    }

    private static <T extends Throwable> T assertThrows(Class<T> type, Executable executable) {
        try {
            executable.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + t, t);
        }
        throw new AssertionError("expected " + type.getSimpleName() + " but nothing was thrown");
    }

    private interface Executable {
        void run() throws Exception;
    }
}
