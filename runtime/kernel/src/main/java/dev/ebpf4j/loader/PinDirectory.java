package dev.ebpf4j.loader;

import dev.ebpf4j.sys.Statfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one check every pin directory passes before anything is created in it: pins can only live
 * on a bpf file system, and the kernel's answer to a pin anywhere else ({@code EPERM}) reads like a
 * missing capability. Checking first turns that into the real cause, and leaves no empty
 * directories behind on the wrong file system.
 *
 * <pre>{@code
 * PinDirectory.requireBpffs(Path.of("/sys/fs/bpf/myapp"));  // throws LoadException on ext4, tmpfs, ...
 * }</pre>
 */
public final class PinDirectory {
    private static final Path USUAL_MOUNT = Path.of("/sys/fs/bpf");

    private PinDirectory() {}

    /**
     * Checks that {@code dir}, or the nearest of its ancestors that exists when {@code dir} does not
     * yet, is on bpffs.
     *
     * @throws LoadException naming {@code dir}, its file system and how to get a bpffs mount
     */
    public static void requireBpffs(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;  // nothing exists, not even "/": the pin itself will say what is wrong
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new LoadException(dir + ": not a directory");
        }
        try {
            if (Statfs.isBpffs(existing)) {
                return;
            }
        } catch (IOException e) {
            throw new LoadException(dir + ": cannot tell its file system: " + e.getMessage(), e);
        }
        throw new LoadException(dir + ": not on a bpf file system (it is on " + fileSystemName(existing)
                + "); pins can only live on bpffs: " + whereToPin());
    }

    private static String fileSystemName(Path existing) {
        try {
            return Files.getFileStore(existing).type();
        } catch (IOException | RuntimeException e) {
            return "another file system";
        }
    }

    private static String whereToPin() {
        boolean usualMounted;
        try {
            usualMounted = Files.isDirectory(USUAL_MOUNT) && Statfs.isBpffs(USUAL_MOUNT);
        } catch (IOException e) {
            usualMounted = false;
        }
        return usualMounted
                ? "give a directory below " + USUAL_MOUNT
                : "mount one (mount -t bpf bpf " + USUAL_MOUNT + ") and give a directory below it";
    }
}
