package dev.ebpf4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A bpffs instance of a test's own, mounted on a fresh temporary directory: pins made below
 * {@link #dir()} are invisible to everyone else, and {@link #close()} removes them, unmounts and
 * deletes the directory, so nothing outlives the test (the machine may have no bpffs at
 * {@code /sys/fs/bpf} at all, and must never have its own pins touched).
 */
public final class PrivateBpffs implements AutoCloseable {
    private final Path mount;
    private final Path dir;

    private PrivateBpffs(Path mount, Path dir) {
        this.mount = mount;
        this.dir = dir;
    }

    /** Mounts a new instance; fails the test (it runs as root) if the mount fails. */
    public static PrivateBpffs mount() throws IOException, InterruptedException {
        Path mount = Files.createTempDirectory("ebpf4j-bpffs");
        Process process = new ProcessBuilder("mount", "-t", "bpf", "bpf", mount.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            Files.delete(mount);
            throw new IllegalStateException("mount -t bpf bpf " + mount + " failed: " + output.strip());
        }
        // The root of a fresh bpffs holds the kernel's own entries; tests pin below a directory of their own.
        return new PrivateBpffs(mount, Files.createDirectory(mount.resolve("test")));
    }

    /** The test's directory on the mount. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            Files.delete(mount);
        }
    }
}
