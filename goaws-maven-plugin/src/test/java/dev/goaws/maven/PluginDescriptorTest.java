package dev.goaws.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What {@code mvn help:describe} shows, read from the generated plugin descriptor: each goal offers the
 * parameter groups it uses, every parameter has a {@code goaws.*} property and a description, and every goal
 * can be skipped.
 */
class PluginDescriptorTest {
    private static final Set<String> BASE = Set.of("outputDirectory", "skip");
    private static final Set<String> TARGET = Set.of("stackPrefix", "parameterPrefix", "stage", "tags", "region",
            "profile", "endpoint", "account");
    private static final Set<String> STACKS = Set.of("partitionKey", "vpcCidr", "network", "natGateways",
            "containerPort", "cpu", "memory", "desiredCount", "minTasks", "maxTasks", "cpuTarget", "cpuArchitecture",
            "healthCheckPath", "certificateArn", "domainName", "accessLogBucket", "logRetentionDays", "flowLogs", "nag",
            "appUsername", "image", "imageDirectory", "exec",
            // the app's own configuration: maps in the POM, NAME=value lists on the command line
            "environment", "environmentOverrides", "secrets", "secretsOverrides", "notSecret", "taskPolicy",
            "managedPolicies", "secretsKmsKey");
    private static final Set<String> CDK = Set.of("cdkVersion", "cdkFromPath", "cdkExecutable", "bootstrap",
            "requireApproval", "deployMethod");
    private static final Set<String> IMAGE = Set.of("imageBuilder", "imageRepository", "allowInsecureRegistries",
            "jibCache");
    /** What is packaged and the container around it: build-app, watch and up. */
    private static final Set<String> APP = Set.of("appJar", "appModule", "mainClass", "appAssets", "baseImage",
            "javaVersion", "jdkHome", "jvmFlags", "imageUser");
    /** The start-up cache and the engine that trains it: build-app, and up, which writes build-app's context. */
    private static final Set<String> STARTUP_CACHE = Set.of("startupCache", "classDataSharing",
            "classDataTrainingPaths", "classDataTrainingRequests", "containerEngine", "containerArgs");
    /** The task's shape as the image needs it (port, JVM flags and training run for its size, health check). */
    private static final Set<String> TASK_SHAPE = Set.of("containerPort", "cpu", "memory", "healthCheckPath");
    private static final Set<String> WATCH = Set.of("watchPaths", "watchQuietMillis");
    /** What goaws:deploy-ci and goaws:pipeline must agree on. */
    private static final Set<String> CI = Set.of("repository", "deployRefs", "previews");

    private static final Map<String, Set<String>> GOALS = Map.ofEntries(
            Map.entry("down", BASE),
            Map.entry("logs", union(BASE, TARGET, Set.of("since", "follow", "filter", "local"))),
            Map.entry("synth", union(BASE, TARGET, STACKS)),
            Map.entry("secret", union(BASE, TARGET, STACKS, Set.of("local", "secretName", "secretValue",
                    "secretValueFrom"))),
            Map.entry("bootstrap", union(BASE, TARGET, STACKS, CDK)),
            Map.entry("status", union(BASE, TARGET, STACKS, CDK, Set.of("summaryFile", "local"))),
            Map.entry("deploy-vpc", union(BASE, TARGET, STACKS, CDK)),
            Map.entry("deploy-table", union(BASE, TARGET, STACKS, CDK)),
            Map.entry("diff", union(BASE, TARGET, STACKS, CDK, Set.of("stacks", "failOnChanges", "summaryFile"))),
            // deploy-ci runs the CLI (and cdk-nag) on a synthesis of its own, so it sits on the CLI chain.
            Map.entry("deploy-ci", union(BASE, TARGET, STACKS, CDK, CI, Set.of("oidcProviderArn"))),
            Map.entry("pipeline", union(BASE, TARGET, CI, Set.of("force", "deployRoleArn", "previewRoleArn"))),
            Map.entry("destroy", union(BASE, TARGET, STACKS, CDK, Set.of("stacks", "destroyData"))),
            Map.entry("deploy-container", union(BASE, TARGET, STACKS, CDK, IMAGE, Set.of("hotswap"))),
            Map.entry("deploy", union(BASE, TARGET, STACKS, CDK, IMAGE, Set.of("hotswap"))),
            // build-app synthesizes no stacks: the app, the task's shape, the start-up cache and the image only.
            Map.entry("build-app", union(BASE, TARGET, APP, TASK_SHAPE, STARTUP_CACHE, IMAGE,
                    Set.of("image", "imageDirectory", "push", "imageTar"))),
            Map.entry("watch", union(BASE, TARGET, STACKS, CDK, IMAGE, APP, WATCH)),
            Map.entry("rollback", union(BASE, TARGET, STACKS, CDK, Set.of("toRevision"))),
            // run-task and exec name the service and its target, not the architecture: goaws.cpu and goaws.memory
            // are the one-off task's size here, unset unless given.
            Map.entry("run-task", union(BASE, TARGET, Set.of("command", "timeout", "cpu", "memory", "local",
                    "containerArgs", "appJar"))),
            Map.entry("exec", union(BASE, TARGET, Set.of("command", "timeout"))),
            Map.entry("up", union(BASE, TARGET, STACKS, CDK, IMAGE, APP, STARTUP_CACHE, WATCH, Set.of("localPort", "localAwsPort",
                    "python", "seedItems", "fresh", "watch", "appStartTimeout", "localRuntime", "snapshotSeconds"))));

    private static final Map<String, Map<String, Element>> DESCRIBED = new TreeMap<>();
    /** Each goal's {@code <configuration>}: the parameters' {@code ${goaws.*}} expressions and defaults. */
    private static final Map<String, Element> CONFIGURATION = new TreeMap<>();

    @BeforeAll
    static void readDescriptor() throws Exception {
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            Element plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
            NodeList mojos = plugin.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                Map<String, Element> parameters = new TreeMap<>();
                NodeList list = mojo.getElementsByTagName("parameter");
                for (int j = 0; j < list.getLength(); j++) {
                    Element parameter = (Element) list.item(j);
                    if (text(parameter, "editable").equals("true")) {
                        parameters.put(text(parameter, "name"), parameter);
                    }
                }
                DESCRIBED.put(text(mojo, "goal"), parameters);
                CONFIGURATION.put(text(mojo, "goal"), (Element) mojo.getElementsByTagName("configuration").item(0));
            }
        }
    }

    @Test
    void everyGoalOffersExactlyTheGroupsItUses() {
        assertEquals(new TreeSet<>(GOALS.keySet()), DESCRIBED.keySet(), "a goal was added or removed");
        GOALS.forEach((goal, expected) -> assertEquals(new TreeSet<>(expected), DESCRIBED.get(goal).keySet(),
                "goaws:" + goal + "'s parameters"));
    }

    @Test
    void buildAppOffersNoStackNetworkOrCliParameters() {
        Set<String> offered = DESCRIBED.get("build-app").keySet();
        for (String stackOnly : Set.of("natGateways", "vpcCidr", "network", "desiredCount", "certificateArn",
                "environment", "secrets", "requireApproval", "deployMethod", "cdkVersion")) {
            assertTrue(!offered.contains(stackOnly), "build-app offers " + stackOnly);
        }
    }

    /** Parameters that mean something of their own in these goals, and are described there for that goal. */
    private static final Map<String, Set<String>> OWN_MEANING = Map.of(
            "appJar", Set.of("run-task"), "containerArgs", Set.of("run-task"), "cpu", Set.of("run-task"),
            "memory", Set.of("run-task"), "command", Set.of("exec", "run-task"), "timeout", Set.of("exec", "run-task"),
            "local", Set.of("logs", "run-task", "secret", "status"), "stacks", Set.of("destroy", "diff"),
            "summaryFile", Set.of("diff", "status"));

    @Test
    void aParameterSharedByGoalsIsTheSameParameterInEach() {
        // Maven composes a goal's parameters from its Mojo's class chain only, so some are declared more than once
        // (build-app's copy of the app, image and start-up cache groups; deploy-ci's and pipeline's CI settings):
        // every copy must be described, typed, bound and defaulted alike.
        Map<String, Map<List<String>, Set<String>>> variants = new TreeMap<>();
        DESCRIBED.forEach((goal, parameters) -> parameters.forEach((name, parameter) -> {
            if (!OWN_MEANING.getOrDefault(name, Set.of()).contains(goal)) {
                List<String> described = List.of(text(parameter, "type"), text(parameter, "description"),
                        text(parameter, "required"), text(parameter, "deprecated"),
                        String.valueOf(configuration(goal, name)), String.valueOf(defaultValue(goal, name)));
                variants.computeIfAbsent(name, n -> new java.util.HashMap<>())
                        .computeIfAbsent(described, d -> new TreeSet<>()).add(goal);
            }
        }));
        variants.forEach((name, described) -> assertEquals(1, described.size(), name + " is described differently"
                + " by these goals: " + described.values() + "\n" + described.keySet()));
        assertTrue(variants.get("startupCache").values().iterator().next().containsAll(Set.of("build-app", "up")));
        assertTrue(variants.get("repository").values().iterator().next().containsAll(Set.of("deploy-ci", "pipeline")));
        // The list of own meanings stays true: each goal named there has the parameter.
        OWN_MEANING.forEach((name, goals) -> goals.forEach(goal -> assertTrue(DESCRIBED.get(goal).containsKey(name),
                goal + " " + name)));
    }

    @Test
    void theLocalAndLogGoalsOfferNoStackOrCliParameters() {
        for (String goal : Set.of("logs", "down")) {
            Set<String> offered = DESCRIBED.get(goal).keySet();
            assertTrue(offered.stream().noneMatch(p -> STACKS.contains(p) || CDK.contains(p)), goal + ": " + offered);
        }
    }

    @Test
    void everyParameterHasAGoawsPropertyAndADescription() {
        // The configuration file's <goaws.*> properties are what the README and help:describe name.
        DESCRIBED.forEach((goal, parameters) -> parameters.forEach((name, parameter) -> {
            String configured = configuration(goal, name);
            if (parameters.containsKey(name + "Overrides")) {
                // A map (<environment>, <secrets>): Maven binds no -D property to it; its Overrides sibling has it.
                assertEquals(null, configured, goal + " " + name);
            } else {
                String property = name.endsWith("Overrides") ? name.substring(0, name.length() - 9) : name;
                assertEquals("${goaws." + property + "}", configured, goal + " " + name);
            }
            assertTrue(text(parameter, "description").length() > 20, goal + " " + name + " has no description");
        }));
    }

    @Test
    void everyParameterIsInTheUsersDocumentation() throws Exception {
        // docs/CONFIGURATION.md promises every parameter; the local cloud's and the operations' own live beside it.
        Path docs = Path.of(System.getProperty("basedir", "."), "..", "docs");
        StringBuilder text = new StringBuilder();
        for (String file : DOCUMENTED_IN) {
            text.append(Files.readString(docs.resolve(file)));
        }
        Set<String> missing = new TreeSet<>();
        DESCRIBED.values().forEach(parameters -> parameters.keySet().forEach(name -> {
            String property = name.endsWith("Overrides") ? name.substring(0, name.length() - 9) : name;
            if (!java.util.regex.Pattern.compile("goaws\\." + property + "(?![A-Za-z0-9])").matcher(text).find()) {
                missing.add("goaws." + property);
            }
        }));
        assertEquals(Set.of(), missing, "parameters that " + DOCUMENTED_IN + " do not name");
    }

    private static final List<String> DOCUMENTED_IN = List.of("CONFIGURATION.md", "LOCAL-CLOUD.md", "OPERATIONS.md", "CI.md");

    @Test
    void onlyTheFormerNameOfTheStartupCacheIsDeprecatedAndItNamesItsSuccessor() {
        DESCRIBED.forEach((goal, parameters) -> parameters.forEach((name, parameter) -> assertEquals(
                name.equals("classDataSharing") ? "use goaws.startupCache" : "", text(parameter, "deprecated"),
                goal + " " + name)));
    }

    @Test
    void everyGoalCanBeSkipped() {
        DESCRIBED.forEach((goal, parameters) -> assertTrue(parameters.containsKey("skip"), goal));
    }

    private static String configuration(String goal, String parameter) {
        Element value = configurationOf(goal, parameter);
        return value == null ? null : value.getTextContent();
    }

    /** The {@code default-value} attribute of a goal's parameter in its configuration, or null. */
    private static String defaultValue(String goal, String parameter) {
        Element value = configurationOf(goal, parameter);
        return value == null ? null : value.getAttribute("default-value");
    }

    /** The element of a goal's parameter in the descriptor's {@code <configuration>}: expression and default. */
    private static Element configurationOf(String goal, String parameter) {
        NodeList values = CONFIGURATION.get(goal).getElementsByTagName(parameter);
        return values.getLength() == 0 ? null : (Element) values.item(0);
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... groups) {
        return Stream.of(groups).flatMap(Set::stream).collect(Collectors.toSet());
    }
}
