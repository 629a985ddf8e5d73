package dev.ebpf4j.vm.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmRunnerTest {
    @TempDir
    Path dir;

    /** The runner and init the vm-tests module packs, as its jar carries them. */
    private Path vmTestsJar() throws IOException {
        Path jar = dir.resolve("ebpf4j-vm-tests.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("run", "guest/init")) {
                out.putNextEntry(new JarEntry("dev/ebpf4j/vm/" + name));
                try (InputStream in = VmRunner.class.getClassLoader().getResourceAsStream("dev/ebpf4j/vm/" + name)) {
                    assertTrue(in != null, "the vm-tests jar on the class path carries " + name);
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void theRunnerAndInitAreUnpackedExecutableAndAsInTheRepository() throws IOException {
        Path runner = VmRunner.unpack(vmTestsJar().toFile(), dir.resolve("runner"));
        assertEquals(dir.resolve("runner/run"), runner);
        assertTrue(Files.isExecutable(runner) && Files.isExecutable(dir.resolve("runner/guest/init")));
        Path repository = Path.of("..").toAbsolutePath().normalize();
        assertArrayEquals(Files.readAllBytes(repository.resolve("run")), Files.readAllBytes(runner));
        assertArrayEquals(Files.readAllBytes(repository.resolve("guest/init")), Files.readAllBytes(dir.resolve("runner/guest/init")));
    }

    @Test
    void aJarWithoutTheRunnerIsAClearError() throws IOException {
        Path empty = dir.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new JarEntry("nothing"));
        }
        IOException e = assertThrows(IOException.class, () -> VmRunner.unpack(empty.toFile(), dir.resolve("r")));
        assertTrue(e.getMessage().endsWith("has no dev/ebpf4j/vm/run: not an ebpf4j-vm-tests jar of this version"), e.getMessage());
    }

    @Test
    void theCommandNamesTheClassPathTheScanTheKernelsAndTheSelection() {
        VmRunner.Request request = new VmRunner.Request(Path.of("/jdk"), "/p/classes:/m2/a.jar", List.of(Path.of("/p/test-classes")),
                Path.of("/p"), List.of("6.1", "/k/bzImage"), "kernel", "tcg", Path.of("/cache"), Path.of("/p/target/ebpf4j-vm"), 600);
        assertEquals(List.of("bash", "/r/run", "--classpath", "/p/classes:/m2/a.jar", "--workdir", "/p", "--tag", "kernel",
                "--accel", "tcg", "--scan", "/p/test-classes", "6.1", "/k/bzImage"), VmRunner.command(Path.of("/r/run"), request));
    }
}
