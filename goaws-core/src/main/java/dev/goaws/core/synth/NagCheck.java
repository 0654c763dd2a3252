package dev.goaws.core.synth;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.constructs.IConstruct;

/**
 * cdk-nag's AwsSolutions rule pack. {@link #attachTo} adds it as an aspect before synthesis; cdk-nag then
 * annotates every non-compliant resource with an error. aws-cdk-lib 2.263 fails the synthesis on error
 * annotations and writes {@code validation-report.json}, which {@link #fromValidationReport} reads; with
 * {@code CDK_VALIDATION=false} the synthesis succeeds and {@link #errors} reads the annotations from the
 * assembly instead. (A Java {@code INagLogger} would be called back by jsii for every rule on
 * every resource, thousands of nested callbacks that overflow the stack and cost seconds; the annotations
 * stay on the JavaScript side until the assembly is read.) Suppressions written in code with
 * {@code NagSuppressions} and a reason are honoured by cdk-nag itself.
 */
public final class NagCheck {
    private static final String PACK = "AwsSolutions-";
    /** cdk-nag's own marker for a rule that threw while evaluating a resource. */
    private static final String RULE_FAILURE = "CdkNagValidationFailure";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MESSAGE = Pattern.compile("(?s)(\\S+?): (.*)");

    /** One unsuppressed rule violation (or a rule that could not be evaluated) on one resource. */
    public record Finding(String ruleId, String path, String message) {
        private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::path)
                .thenComparing(Finding::ruleId).thenComparing(Finding::message);

        @Override
        public String toString() {
            return ruleId + " at " + path + ":\n      " + message;
        }
    }

    private NagCheck() {
    }

    /** Adds the AwsSolutions checks to every stack under {@code scope}; they run during synthesis. */
    public static void attachTo(IConstruct scope) {
        Aspects.of(scope).add(new AwsSolutionsChecks(NagPackProps.builder()
                // The explanation says what to change: it goes into the build failure.
                .verbose(true)
                // No CSV reports inside the cloud assembly: the findings go into the build failure.
                .reports(false)
                .build()));
    }

    /** Unsuppressed error-level findings: each fails the build. Sorted by construct path, then rule. */
    public static List<Finding> errors(CloudAssembly assembly) {
        return findings(assembly, SynthesisMessageLevel.ERROR);
    }

    /** Unsuppressed warning-level findings: reported, not fatal. */
    public static List<Finding> warnings(CloudAssembly assembly) {
        return findings(assembly, SynthesisMessageLevel.WARNING);
    }

    private static List<Finding> findings(CloudAssembly assembly, SynthesisMessageLevel level) {
        List<Finding> findings = new ArrayList<>();
        for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
            for (SynthesisMessage message : stack.getMessages()) {
                Object data = message.getEntry().getData();
                String text = data == null ? "" : data.toString();
                if (message.getLevel() == level && (text.startsWith(PACK) || text.startsWith(RULE_FAILURE))) {
                    Matcher m = MESSAGE.matcher(text);
                    findings.add(m.matches() ? new Finding(m.group(1), message.getId(), m.group(2).trim())
                            : new Finding("?", message.getId(), text));
                }
            }
        }
        findings.sort(Finding.ORDER);
        return List.copyOf(findings);
    }

    /**
     * The violations of a failed synthesis, from the {@code validation-report.json} that aws-cdk-lib writes
     * when its validation plugins fail the synthesis (cdk-nag's error annotations are among them).
     */
    public static List<Finding> fromValidationReport(Path report) throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                String description = violation.path("description").asText().trim();
                Matcher m = MESSAGE.matcher(description);
                boolean annotation = violation.path("ruleName").asText().startsWith("Annotation::") && m.matches();
                String ruleId = annotation ? m.group(1)
                        : plugin.path("pluginName").asText() + " " + violation.path("ruleName").asText();
                String message = annotation ? m.group(2).trim() : description;
                for (JsonNode construct : violation.path("violatingConstructs")) {
                    findings.add(new Finding(ruleId, construct.path("constructPath").asText(), message));
                }
            }
        }
        findings.sort(Finding.ORDER);
        return List.copyOf(findings);
    }

    /** The build-failure text for {@link #errors} or {@link #fromValidationReport}. */
    public static String describe(List<Finding> findings) {
        StringBuilder text = new StringBuilder("The stacks failed the checks with ").append(findings.size())
                .append(" unsuppressed finding(s) (cdk-nag's AwsSolutions rules unless -Dgoaws.nag=false, and the"
                        + " CDK's own validation); the assembly was discarded so nothing can be deployed:");
        for (Finding finding : findings) {
            text.append("\n  - ").append(finding);
        }
        return text.append("\nFix each resource as the rule explains, or - only where the rule truly does not"
                        + " apply - suppress the finding in code with a written reason:"
                        + " NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder()"
                        + ".id(\"<rule id>\").reason(\"<why>\").build()), true). -Dgoaws.nag=false skips cdk-nag"
                        + " altogether.")
                .toString();
    }
}
