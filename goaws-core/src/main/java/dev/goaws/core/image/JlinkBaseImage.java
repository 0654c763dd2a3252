package dev.goaws.core.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.goaws.core.FileTrees;
import dev.goaws.core.InvalidSettingException;
import dev.goaws.core.Sha256;
import dev.goaws.core.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code goaws.baseImage=jlink}: the JRE base image made on this machine, without a registry or a daemon. A
 * {@code jlink} runtime of a local JDK ({@link #MODULES}, with the CDS archive of its own classes that a Temurin
 * JRE also ships, {@code --generate-cds-archive}) plus the glibc files {@code ldd} names for it, a passwd entry for
 * the image's non-root user and name resolution, built by Jib into a Docker-archive tarball that every later Jib
 * build reads as a {@code tar://} base.
 *
 * <p>The tarball is cached under {@code cacheDirectory} by a key of the JDK (its {@code release} file and module
 * image), the system libraries it links against and this class's recipe: made once (tens of seconds), reused
 * by every build until the JDK or the host's glibc changes. Linux only: the runtime and its libraries are the
 * host's own binaries.
 */
public final class JlinkBaseImage {
    /** The value of {@code goaws.baseImage} that selects this mode. */
    public static final String MODE = "jlink";

    /**
     * The runtime's modules: the Java SE API, plus {@code jdk.net} (the AWS SDK's HTTP client needs
     * {@code jdk.net.Sockets}), {@code jdk.crypto.ec} (TLS), {@code jdk.unsupported} (libraries' use of
     * {@code sun.misc.Unsafe}), {@code jdk.zipfs} and {@code jdk.management}.
     */
    public static final String MODULES = "java.se,jdk.net,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.management";

    /** Changes whenever what this class puts into the image changes, so cached tarballs are rebuilt. */
    private static final String RECIPE = "goaws-jlink-1";
    private static final String RUNTIME = "/opt/java";
    private static final Duration JLINK_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s+|^\\s*)(/\\S+)\\s+\\(0x");

    /**
     * @param jdk            the JDK whose runtime is linked
     * @param cacheDirectory where the tarballs are kept, e.g. {@code <local Maven repository>/dev/goaws/jlink-jre}
     */
    public record Settings(Jdk jdk, Path cacheDirectory) {
    }

    private JlinkBaseImage() {
    }

    /** The Java release the image runs when nothing else is asked for: the current LTS. */
    public static final int PREFERRED_JAVA = ImageConfig.DEFAULT_JAVA_VERSION;

    /**
     * The JDK to link: {@code jdkHome} when set; else a JDK of {@code javaVersion} found here ({@link
     * Jdk#installed}); without a {@code javaVersion}, a JDK {@value #PREFERRED_JAVA} when one is installed, else the
     * build's own JDK.
     *
     * @param javaHome    the build's JDK ({@code java.home})
     * @param environment for {@code JAVA_HOME} and {@code HOME}
     */
    public static Jdk selectJdk(Path jdkHome, Integer javaVersion, String javaHome, Map<String, String> environment) {
        if (jdkHome != null) {
            Jdk jdk = Jdk.at(jdkHome).orElseThrow(() -> new InvalidSettingException("goaws.jdkHome", "'" + jdkHome
                    + "' is not a JDK with jlink (no release file or no bin/jlink). Point it at a JDK's home directory."));
            if (javaVersion != null && jdk.feature() != javaVersion) {
                throw new InvalidSettingException("goaws.javaVersion", javaVersion + ", but goaws.jdkHome is the " + jdk
                        + ". Leave one of them unset, or make them agree.");
            }
            return jdk;
        }
        List<Jdk> installed = Jdk.installed(javaHome, environment);
        int wanted = javaVersion != null ? javaVersion : PREFERRED_JAVA;
        for (Jdk jdk : installed) {
            if (jdk.feature() == wanted) {
                return jdk;
            }
        }
        if (javaVersion == null) {
            Optional<Jdk> own = javaHome == null ? Optional.empty() : Jdk.at(Path.of(javaHome));
            if (own.isPresent()) {
                return own.get();
            }
        }
        throw new InvalidSettingException(javaVersion != null ? "goaws.javaVersion" : "goaws.jdkHome",
                "goaws.baseImage=jlink needs a JDK " + (javaVersion != null ? javaVersion + " " : "") + "with jlink on"
                + " this machine, and none was found (looked at java.home, JAVA_HOME, /usr/lib/jvm, /usr/java,"
                + " /opt/java, /opt/jdk, ~/.sdkman; found: " + (installed.isEmpty() ? "none"
                : String.join(", ", installed.stream().map(Jdk::toString).toList())) + "). Install one (e.g. Temurin "
                + wanted + "), or set goaws.jdkHome to its home directory.");
    }

    /** Refuses a host that is not Linux, naming the setting and the alternatives. */
    public static void requireLinux(String osName) {
        if (osName == null || !osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new InvalidSettingException("goaws.baseImage", "jlink builds the JRE base image from this machine's"
                    + " JDK and its glibc files, so it needs a Linux host (this is " + osName + "). Use a registry base"
                    + " image (leave goaws.baseImage unset for " + ImageConfig.DEFAULT_BASE_IMAGE + ") or"
                    + " tar://<absolute path of an image tarball>.");
        }
    }

    /**
     * The base image tarball for {@code settings}: the cached one, or made now.
     *
     * @return the tarball's path, for a {@code tar://} base
     */
    public static Path image(Settings settings, Consumer<String> log) throws ImageBuildException {
        requireLinux(System.getProperty("os.name"));
        Jdk jdk = settings.jdk();
        try {
            String key = key(jdk);
            Path tar = settings.cacheDirectory().resolve(jdk.feature() + "-" + key).resolve("jre.tar");
            if (Files.isRegularFile(tar)) {
                log.accept("JRE base image: " + tar + " (jlink of the " + jdk + ", cached)");
                return tar;
            }
            long start = System.nanoTime();
            Files.createDirectories(tar.getParent());
            Path work = Files.createTempDirectory(tar.getParent(), "build-");
            try {
                log.accept("JRE base image: linking the " + jdk + " (" + MODULES + "), once for this JDK");
                Path rootfs = work.resolve("rootfs");
                link(jdk, rootfs.resolve(RUNTIME.substring(1)));
                copySystemLibraries(rootfs, rootfs.resolve(RUNTIME.substring(1)));
                writeEtc(rootfs);
                Path partial = work.resolve("jre.tar");
                write(rootfs, partial, "goaws.local/jre:" + jdk.feature() + "-" + key.substring(0, 12), jdk, work);
                // Another build may have finished the same key meanwhile: either tarball is the same image.
                Files.move(partial, tar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                FileTrees.deleteRecursively(work);
            }
            log.accept("JRE base image: " + tar + " (" + Files.size(tar) / (1024 * 1024) + " MiB, jlink of the " + jdk
                    + ") in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return tar;
        } catch (IOException e) {
            throw new ImageBuildException("Cannot make the jlink JRE base image under " + settings.cacheDirectory()
                    + ": " + e, e);
        }
    }

    /**
     * What the image is made of: the recipe, the JDK's release file and module image, and every system library
     * the JVM links against (path, size, time), so a patched JDK or glibc gives a new image.
     */
    static String key(Jdk jdk) throws IOException {
        MessageDigest sha = Sha256.digest();
        sha.update((RECIPE + "\n" + MODULES + "\n" + jdk.home() + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(jdk.home().resolve("release")));
        for (Path file : List.of(jdk.home().resolve("lib/modules"), jdk.home().resolve("bin/java"))) {
            sha.update(fileIdentity(file).getBytes(StandardCharsets.UTF_8));
        }
        List<Path> binaries = List.of(jdk.home().resolve("bin/java"), jdk.home().resolve("lib/server/libjvm.so"));
        for (Path library : librariesOf(binaries, jdk.home())) {
            sha.update(fileIdentity(library).getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(sha).substring(0, 24);
    }

    private static String fileIdentity(Path file) throws IOException {
        if (!Files.exists(file)) {
            return file + " -\n";
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return file + " " + a.size() + " " + a.lastModifiedTime().toMillis() + "\n";
    }

    private static void link(Jdk jdk, Path output) throws ImageBuildException, IOException {
        Files.createDirectories(output.getParent());
        // No --compress: a compressed module image is inflated at every start, and start-up is what the image is for.
        List<String> command = List.of(jdk.jlink().toString(), "--add-modules", MODULES, "--strip-debug",
                "--no-man-pages", "--no-header-files", "--generate-cds-archive", "--output", output.toString());
        ProcessRunner.Result result = ProcessRunner.run(command, Map.of(), null, line -> { }, JLINK_TIMEOUT);
        if (!result.succeeded()) {
            throw new ImageBuildException("jlink of the " + jdk + " failed (exit " + result.exitCode() + "). A JDK "
                    + "before 24 links from its jmods/ directory (Debian: apt-get install openjdk-" + jdk.feature()
                    + "-jmods); set goaws.jdkHome to another JDK, or goaws.baseImage to a registry image. jlink said:"
                    + System.lineSeparator() + result.tailText());
        }
    }

    /** The shared libraries {@code ldd} names for the runtime's binaries, copied to the same paths (links resolved). */
    private static void copySystemLibraries(Path rootfs, Path runtime) throws IOException, ImageBuildException {
        List<Path> binaries = new ArrayList<>();
        binaries.add(runtime.resolve("bin/java"));
        try (Stream<Path> files = Files.walk(runtime.resolve("lib"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".so")).sorted().forEach(binaries::add);
        }
        Set<Path> libraries = librariesOf(binaries, runtime);
        Path libc = libraries.stream().filter(l -> l.getFileName().toString().startsWith("libc.so")).findFirst()
                .orElseThrow(() -> new ImageBuildException("ldd names no libc for " + runtime.resolve("bin/java")
                        + ": the JDK is not a glibc build. Use a registry base image (goaws.baseImage)."));
        // Name resolution through /etc/hosts and DNS is loaded at run time, not linked: ldd cannot see it.
        for (String nss : List.of("libnss_files.so.2", "libnss_dns.so.2")) {
            Path file = libc.resolveSibling(nss);
            if (Files.exists(file)) {
                libraries.add(file);
            }
        }
        for (Path library : libraries) {
            Path target = rootfs.resolve(library.toString().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(library, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The absolute library paths {@code ldd} prints for {@code binaries}, except those inside {@code own}. */
    static Set<Path> librariesOf(List<Path> binaries, Path own) throws IOException {
        Set<Path> libraries = new TreeSet<>();
        for (Path binary : binaries) {
            if (!Files.isRegularFile(binary)) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            try {
                ProcessRunner.run(List.of("ldd", binary.toString()), Map.of("LC_ALL", "C"), null, lines::add,
                        Duration.ofSeconds(60));
            } catch (ProcessRunner.ProcessException e) {
                throw new IOException("Cannot run ldd on " + binary + " (the jlink base image needs it, from"
                        + " glibc's libc-bin): " + e.getMessage(), e);
            }
            for (String line : lines) {
                Matcher m = LIBRARY.matcher(line);
                if (m.find()) {
                    Path library = Path.of(m.group(1)).normalize();
                    if (!library.startsWith(own) && !library.toRealPath().startsWith(own.toRealPath())) {
                        libraries.add(library);
                    }
                }
            }
        }
        return libraries;
    }

    /** A passwd entry for the image's user (numeric in the image config), name resolution, a writable /tmp. */
    private static void writeEtc(Path rootfs) throws IOException {
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("tmp"));
        String[] user = ImageConfig.DEFAULT_USER.split(":");
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:" + user[0] + ":"
                + user[1] + ":nonroot:/home/nonroot:/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nnonroot:x:" + user[1] + ":\n");
        Files.writeString(etc.resolve("nsswitch.conf"), "hosts: files dns\n");
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n");
    }

    /** One layer of {@code rootfs}, with each file's own permissions (symbolic links resolved), as a Docker archive. */
    private static void write(Path rootfs, Path tar, String name, Jdk jdk, Path work) throws ImageBuildException,
            IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("jre");
        AbsoluteUnixPath root = AbsoluteUnixPath.get("/");
        try (Stream<Path> files = Files.walk(rootfs)) {
            for (Path file : files.sorted().toList()) {
                if (file.equals(rootfs) || !Files.exists(file)) {
                    continue; // the root, or a dangling link (none in a JDK image)
                }
                String relative = rootfs.relativize(file).toString().replace('\\', '/');
                FilePermissions permissions = relative.equals("tmp") ? FilePermissions.fromOctalString("777")
                        : FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(file)) {
                    layer.addEntry(file, root.resolve(relative), permissions);
                }
            }
        }
        try {
            Jib.fromScratch()
                    .setFormat(ImageFormat.Docker)
                    .setCreationTime(Instant.EPOCH)
                    .addFileEntriesLayer(layer.build())
                    .setEnvironment(Map.of("PATH", RUNTIME + "/bin:/usr/bin:/bin", "JAVA_HOME", RUNTIME,
                            "JAVA_VERSION", jdk.version()))
                    .containerize(Containerizer.to(TarImage.at(tar).named(name))
                            .setToolName("goaws")
                            .setBaseImageLayersCache(Files.createDirectories(work.resolve("jib-base")))
                            .setApplicationLayersCache(Files.createDirectories(work.resolve("jib-app"))));
        } catch (InvalidImageReferenceException | RegistryException | CacheDirectoryCreationException e) {
            throw new ImageBuildException("Cannot write the jlink JRE base image " + tar + ": " + e, e);
        } catch (ExecutionException e) {
            throw new ImageBuildException("Cannot write the jlink JRE base image " + tar + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("Interrupted while writing the jlink JRE base image " + tar, e);
        }
    }
}
