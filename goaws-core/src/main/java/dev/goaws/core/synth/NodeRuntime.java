package dev.goaws.core.synth;

import dev.goaws.core.process.ProcessRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS CDK for Java runs its library in a {@code node} child process (jsii). jsii finds node through
 * {@code JSII_NODE} or {@code PATH} of the JVM's own environment, so a plugin cannot supply one: check before
 * the first CDK class loads and explain, instead of failing deep inside jsii.
 */
public final class NodeRuntime {
    /** Oldest Node.js major version the jsii runtime of aws-cdk-lib 2.263 supports. */
    public static final int MINIMUM_MAJOR = 18;
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");

    private NodeRuntime() {
    }

    /** Returns the node version jsii will use, or throws with the remedy. */
    public static String require(Map<String, String> environment) throws SynthesisException {
        String jsiiNode = environment.get("JSII_NODE");
        String node = jsiiNode == null || jsiiNode.isBlank() ? "node" : jsiiNode;
        String origin = node.equals("node") ? "on the PATH" : "at JSII_NODE=" + jsiiNode;
        StringBuilder out = new StringBuilder();
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(List.of(node, "--version"), Map.of(), null, out::append, Duration.ofSeconds(30));
        } catch (ProcessRunner.ProcessException e) {
            throw new SynthesisException("goaws synthesizes with the AWS CDK, which needs Node.js " + MINIMUM_MAJOR
                    + " or newer, but no node was found " + origin + ". Install Node.js (e.g. 'apt-get install nodejs'"
                    + " or https://nodejs.org) or set JSII_NODE to a node binary, then start Maven again:"
                    + " the CDK reads PATH and JSII_NODE from Maven's environment only.", e);
        }
        Matcher m = VERSION.matcher(out.toString().trim());
        if (!result.succeeded() || !m.find()) {
            throw new SynthesisException("'" + node + " --version' " + origin + " failed (exit " + result.exitCode()
                    + "): " + out + ". Fix or replace that Node.js installation.");
        }
        if (Integer.parseInt(m.group(1)) < MINIMUM_MAJOR) {
            throw new SynthesisException("Node.js " + m.group() + " " + origin + " is too old for the AWS CDK: install"
                    + " Node.js " + MINIMUM_MAJOR + " or newer, or set JSII_NODE to a newer node binary.");
        }
        return m.group();
    }
}
