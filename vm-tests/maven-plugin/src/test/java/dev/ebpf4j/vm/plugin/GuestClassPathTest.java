package dev.ebpf4j.vm.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestClassPathTest {
    private static GuestClassPath.Entry entry(String ga, String version) {
        String[] parts = ga.split(":");
        return new GuestClassPath.Entry(parts[0], parts[1], version, new File("/m2/" + parts[1] + "-" + version + ".jar"));
    }

    @Test
    void theProjectsPathComesFirstAndThePluginAddsOnlyWhatTheProjectLacks() {
        List<String> project = List.of("/p/target/test-classes", "/p/target/classes", "/m2/junit-platform-engine-1.14.1.jar");
        List<GuestClassPath.Entry> projectArtifacts = List.of(entry("org.junit.platform:junit-platform-engine", "1.14.1"));
        List<GuestClassPath.Entry> plugin = List.of(entry("org.junit.platform:junit-platform-engine", "1.14.1"),
                entry("org.junit.platform:junit-platform-console", "1.14.1"), entry("dev.ebpf4j:ebpf4j-vm-tests", "0.1.0"));
        assertEquals(String.join(File.pathSeparator, "/p/target/test-classes", "/p/target/classes",
                        "/m2/junit-platform-engine-1.14.1.jar", "/m2/junit-platform-console-1.14.1.jar", "/m2/ebpf4j-vm-tests-0.1.0.jar"),
                GuestClassPath.of(project, projectArtifacts, plugin));
    }

    @Test
    void anotherJunitPlatformInTheProjectIsRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuestClassPath.of(List.of(),
                List.of(entry("org.junit.platform:junit-platform-engine", "1.13.4")),
                List.of(entry("org.junit.platform:junit-platform-launcher", "1.14.1"))));
        assertTrue(e.getMessage().contains("the project's tests use JUnit Platform 1.13.4"), e.getMessage());
        assertTrue(e.getMessage().contains("org.junit.platform:junit-platform-console:1.13.4"), e.getMessage());
    }

    @Test
    void thePluginsOwnJarIsFoundByItsCoordinates() {
        List<GuestClassPath.Entry> plugin = List.of(entry("dev.ebpf4j:ebpf4j-vm-tests", "0.1.0"));
        assertEquals(new File("/m2/ebpf4j-vm-tests-0.1.0.jar"), GuestClassPath.fileOf(plugin, "dev.ebpf4j", "ebpf4j-vm-tests").orElseThrow());
        assertTrue(GuestClassPath.fileOf(plugin, "dev.ebpf4j", "nothing").isEmpty());
    }
}
