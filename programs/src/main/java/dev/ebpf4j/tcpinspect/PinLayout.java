package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.TcxLink;
import dev.ebpf4j.links.XdpLink;
import dev.ebpf4j.loader.LoadedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where tcpinspect pins, and how {@code stop} removes it again: one directory per interface,
 * {@code DIR[/NETNS]/DEV}, and in it one per program ({@code TrafficCounters}, {@code CidrFirewall},
 * ...), holding the programs and {@code maps/} as {@code bpftool prog loadall} lays them out, and
 * with {@code --persist} the links: {@code link} (XDP), {@code link-ingress} and {@code link-egress}
 * (tc). A running guard or firewall pins its programs and maps there too, for the run's time only,
 * so that {@code tcpinspect firewall DEV --add …} can reach its maps. The directory of an interface
 * is the tool's alone.
 */
final class PinLayout {
    static final String DEFAULT_DIR = "/sys/fs/bpf/tcpinspect";
    static final String XDP_LINK = "link";
    static final String TC_LINK_PREFIX = "link-";

    private final Path root;
    private final String netns;

    PinLayout(Path root, String netns) {
        this.root = root;
        this.netns = netns;
    }

    Path device(String device) {
        return (netns == null ? root : root.resolve(netns)).resolve(device);
    }

    Path program(String device, String program) {
        return device(device).resolve(program);
    }

    /** @throws ToolFailure ({@link ExitCode#NO_BPFFS}) when the pins would not be on a bpffs */
    void requireBpffs() {
        Path existing = root.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String type = existing == null ? "none" : fileSystemType(existing);
        if (!type.equals("bpf")) {
            throw new ToolFailure(ExitCode.NO_BPFFS, root + " is not on a bpffs (" + existing + " is " + type
                    + "); mount one (mount -t bpf bpf /sys/fs/bpf) or choose a directory on one with --pin-dir");
        }
    }

    /**
     * The type of the file system holding {@code path}, from the mount table: the last mount (the
     * one on top) at the longest mount point above it. Java's FileStore answers by device number,
     * and says "sysfs" for a bpffs mounted on /sys/fs/bpf.
     */
    static String fileSystemType(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return "unknown";
        }
        String type = "unknown";
        int longest = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length < 3) {
                    continue;
                }
                Path mountPoint = Path.of(fields[1].replace("\\040", " "));
                if (real.startsWith(mountPoint) && mountPoint.getNameCount() >= longest) {
                    longest = mountPoint.getNameCount();
                    type = fields[2];
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return type;
    }

    /** @throws ToolFailure ({@link ExitCode#HOOK_TAKEN}) if a persisted tcpinspect runs one of {@code programs} on {@code device} */
    void requireFree(String device, List<String> programs) {
        for (String program : programs) {
            if (Files.exists(program(device, program))) {
                throw new ToolFailure(ExitCode.HOOK_TAKEN, device + ": a persisted tcpinspect runs " + program + " there ("
                        + program(device, program) + "); remove it first with: tcpinspect stop " + device
                        + (netns == null ? "" : " --netns " + netns));
            }
        }
    }

    /** What a run pinned for its own time: {@code dir}, and the directories above it that it created. */
    record RunPins(Path dir, List<Path> created) {
        void remove() {
            deleteTree(dir);
            for (Path parent : created) {
                try (Stream<Path> left = Files.list(parent)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(parent);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + parent + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Pins {@code object}'s programs and maps in {@code dir} for the run's time. A directory without
     * a link is what a run killed before its cleanup left (a live run there would hold the XDP hook,
     * which the checks before loading refused): it is removed first.
     */
    RunPins pinForTheRun(LoadedObject object, Path dir) {
        requireBpffs();
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(XDP_LINK))) {
            deleteTree(dir);
        }
        List<Path> created = new ArrayList<>();
        for (Path parent = dir.getParent(); parent != null && !Files.exists(parent); parent = parent.getParent()) {
            created.add(parent);
        }
        try {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
        } catch (IOException e) {
            throw new ToolFailure(ExitCode.NO_BPFFS, "cannot create " + dir.getParent() + ": " + e.getMessage(), e);
        }
        object.pinAll(dir);
        return new RunPins(dir, List.copyOf(created));
    }

    /**
     * Detaches the persisted links of {@code device} and removes everything pinned for it, and its
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
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> programs = Files.list(dir)) {
            for (Path program : programs.sorted().toList()) {
                try (Stream<Path> links = Files.list(program)) {
                    for (Path link : links.filter(p -> p.getFileName().toString().startsWith(XDP_LINK)).sorted().toList()) {
                        // detaches whatever namespace the interface is in, and removes the pin
                        if (link.getFileName().toString().equals(XDP_LINK)) {
                            try (XdpLink pinned = XdpLink.openPinned(link)) {
                                pinned.detach();
                            }
                        } else {
                            try (TcxLink pinned = TcxLink.openPinned(link)) {
                                pinned.detach();
                            }
                        }
                        removed.add(link);
                    }
                }
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!Files.isDirectory(path) && !removed.contains(path)) {
                        removed.add(path);
                    }
                    Files.deleteIfExists(path);
                }
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

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
