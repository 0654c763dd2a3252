package dev.goaws.core.deploy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment npm gets when goaws installs the cdk CLI: what npm needs (PATH, the home with its npmrc and
 * cache, proxies, CA certificates, npm's own settings, locale and temp folders) and nothing else. Maven's
 * environment carries AWS keys, tokens and whatever else the build was given; none of that is npm's business.
 */
final class NpmEnvironment {
    /** Kept by name (compared without case: Windows names are case-insensitive). */
    private static final Set<String> KEPT = Set.of("path", "pathext", "home", "user", "logname", "userprofile",
            "appdata", "localappdata", "systemroot", "windir", "comspec", "temp", "tmp", "tmpdir", "lang", "tz",
            "http_proxy", "https_proxy", "no_proxy", "all_proxy", "node_extra_ca_certs", "ssl_cert_file",
            "ssl_cert_dir", "xdg_config_home", "xdg_cache_home");
    /** Kept by prefix: npm's settings ({@code npm_config_registry}, {@code NPM_CONFIG_CACHE}, ...) and locales. */
    private static final Set<String> KEPT_PREFIXES = Set.of("npm_config_", "lc_");

    private NpmEnvironment() {
    }

    /** Whether npm gets {@code name}. */
    static boolean kept(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return KEPT.contains(lower) || KEPT_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    /**
     * What {@link dev.goaws.core.process.ProcessRunner} adds to this JVM's environment ({@code parent}) for npm:
     * every variable npm does not need, removed (a null value).
     */
    static Map<String, String> removals(Map<String, String> parent) {
        Map<String, String> removed = new LinkedHashMap<>();
        parent.keySet().stream().filter(name -> !kept(name)).sorted().forEach(name -> removed.put(name, null));
        return removed;
    }
}
