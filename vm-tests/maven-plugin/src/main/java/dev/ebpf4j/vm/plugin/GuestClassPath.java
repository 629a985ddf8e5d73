package dev.ebpf4j.vm.plugin;

import java.io.File;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The class path of the guest's test run: the project's test class path as surefire would use it,
 * then what the plugin brings that the project lacks (the JUnit console launcher and the result
 * listener). JUnit's platform artifacts must agree in version across the two, or the launcher
 * fails inside the guest with an error far from its cause; that is checked here, on the host.
 */
final class GuestClassPath {
    static final String PLATFORM_GROUP = "org.junit.platform";

    private GuestClassPath() {}

    /** A resolved artifact: what the path needs of Maven's {@code Artifact}. */
    record Entry(String groupId, String artifactId, String version, File file) {
        String key() {
            return groupId + ":" + artifactId;
        }
    }

    /**
     * The joined class path: {@code projectPath} in its order, then each of {@code pluginArtifacts}
     * whose group and artifact the project's {@code projectArtifacts} do not already have.
     *
     * @throws IllegalArgumentException naming both versions if the project's JUnit Platform is not
     *                                  the one the plugin's console launcher was built with
     */
    static String of(List<String> projectPath, List<Entry> projectArtifacts, List<Entry> pluginArtifacts) {
        checkPlatform(projectArtifacts, pluginArtifacts);
        Set<String> projectKeys = new LinkedHashSet<>();
        for (Entry e : projectArtifacts) {
            projectKeys.add(e.key());
        }
        Set<String> path = new LinkedHashSet<>(projectPath);
        for (Entry e : pluginArtifacts) {
            if (!projectKeys.contains(e.key()) && e.file() != null) {
                path.add(e.file().getAbsolutePath());
            }
        }
        return String.join(File.pathSeparator, path);
    }

    private static void checkPlatform(List<Entry> projectArtifacts, List<Entry> pluginArtifacts) {
        Optional<Entry> project = platformVersionOf(projectArtifacts);
        Optional<Entry> plugin = platformVersionOf(pluginArtifacts);
        if (project.isPresent() && plugin.isPresent() && !project.get().version().equals(plugin.get().version())) {
            throw new IllegalArgumentException("the project's tests use JUnit Platform " + project.get().version() + " ("
                    + project.get().key() + ") but the plugin's console launcher is JUnit Platform " + plugin.get().version()
                    + ": give the plugin the project's version, in its <dependencies>: org.junit.platform:junit-platform-console:"
                    + project.get().version() + " (JUnit Jupiter 5.x.y goes with Platform 1.x.y)");
        }
    }

    /** The version of the JUnit Platform among {@code artifacts}: its engine or launcher, if it has one. */
    private static Optional<Entry> platformVersionOf(List<Entry> artifacts) {
        for (String wanted : List.of("junit-platform-engine", "junit-platform-launcher", "junit-platform-commons")) {
            for (Entry e : artifacts) {
                if (e.groupId().equals(PLATFORM_GROUP) && e.artifactId().equals(wanted)) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** The file of the artifact {@code groupId:artifactId} among {@code artifacts}, if it is there. */
    static Optional<File> fileOf(List<Entry> artifacts, String groupId, String artifactId) {
        return artifacts.stream()
                .filter(e -> e.groupId().equals(groupId) && e.artifactId().equals(artifactId) && e.file() != null)
                .map(Entry::file)
                .findFirst();
    }
}
