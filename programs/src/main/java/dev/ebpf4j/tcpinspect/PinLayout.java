package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.XdpLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@code --persist} pins, and how {@code stop} removes it again: one directory per interface,
 * {@code DIR[/NETNS]/DEV}, holding the XDP link ({@code link}), the programs and {@code maps/}, as
 * {@code bpftool prog loadall} lays them out. The directory of an interface is the tool's alone.
 */
final class PinLayout {
    static final String DEFAULT_DIR = "/sys/fs/bpf/tcpinspect";
    static final String LINK = "link";

    private final Path root;
    private final String netns;

    PinLayout(Path root, String netns) {
        this.root = root;
        this.netns = netns;
    }

    Path device(String device) {
        return (netns == null ? root : root.resolve(netns)).resolve(device);
    }

    /** @throws ToolFailure ({@link ExitCode#NO_BPFFS}) when the pins would not be on a bpffs */
    void requireBpffs() {
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String type;
        try {
            type = existing == null ? "none" : Files.getFileStore(existing).type();
        } catch (IOException e) {
            type = "unknown";
        }
        if (!type.equals("bpf")) {
            throw new ToolFailure(ExitCode.NO_BPFFS, "--persist: " + root + " is not on a bpffs (" + existing + " is " + type
                    + "); mount one (mount -t bpf bpf /sys/fs/bpf) or choose a directory on one with --pin-dir");
        }
    }

    /** @throws ToolFailure ({@link ExitCode#HOOK_TAKEN}) if a persisted tcpinspect is on {@code device} */
    void requireFree(String device) {
        if (Files.exists(device(device))) {
            throw new ToolFailure(ExitCode.HOOK_TAKEN, device + ": a persisted tcpinspect is attached there (" + device(device)
                    + "); remove it first with: tcpinspect stop " + device + (netns == null ? "" : " --netns " + netns));
        }
    }

    /**
     * Detaches the persisted link of {@code device} and removes everything pinned for it, and its
     * directory; returns the pins removed.
     *
     * @throws ToolFailure ({@link ExitCode#NOTHING_PERSISTED}) if nothing is pinned for it
     */
    List<Path> remove(String device) {
        Path dir = device(device);
        if (!Files.isDirectory(dir)) {
            throw new ToolFailure(ExitCode.NOTHING_PERSISTED, "stop " + device + ": tcpinspect persisted nothing for " + device
                    + " (no " + dir + ")" + (netns == null ? "; was it started with --netns or --pin-dir?" : ""));
        }
        Path link = dir.resolve(LINK);
        List<Path> removed = new ArrayList<>();
        if (Files.exists(link)) {
            XdpLink.openPinned(link).detach(); // detaches whatever namespace the interface is in, and removes the pin
            removed.add(link);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!Files.isDirectory(path)) {
                    removed.add(path);
                }
                Files.delete(path);
            }
            if (netns != null) {
                try (Stream<Path> left = Files.list(dir.getParent())) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(dir.getParent());
                    }
                }
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
