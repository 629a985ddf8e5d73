package dev.ebpf4j.cli;

import dev.ebpf4j.links.Direction;
import dev.ebpf4j.sys.Statfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the command line keeps what must outlive it: below a directory of ebpf4j's on bpffs
 * ({@code /sys/fs/bpf/ebpf4j} by default), a pinned link per hook and interface
 * ({@code xdp-DEV}, {@code tc-ingress-DEV}), or, for a netlink attachment, the attached program
 * pinned as {@code xdp-DEV.prog}: the mark that lets {@code detach} remove only what ebpf4j attached.
 */
record EbpfPins(Path directory) {
    static final String DEFAULT = "/sys/fs/bpf/ebpf4j";

    Path xdp(String device) {
        return directory.resolve("xdp-" + device.replace('.', '_'));
    }

    Path tc(String device, Direction direction) {
        return directory.resolve("tc-" + direction.word() + "-" + device.replace('.', '_'));
    }

    static Path mark(Path link) {
        return link.resolveSibling(link.getFileName() + "-program");
    }

    /** Checks, before anything is attached, that {@code pin} can be made: on bpffs, and free. */
    static void requireFree(Path pin, String detachCommand) throws IOException {
        Path parent = pin.toAbsolutePath().getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Statfs.isBpffs(existing)) {
            throw new CommandFailure(parent + ": not on a bpf file system; attachments that outlive the command are pinned on bpffs: "
                    + "mount one (mount -t bpf bpf /sys/fs/bpf) or give --pin PATH on a bpffs mount");
        }
        if (Files.exists(pin) || Files.exists(mark(pin))) {
            throw new CommandFailure(pin + " exists: ebpf4j already attached a program there; detach it first (" + detachCommand
                    + ") or give another --pin");
        }
        Files.createDirectories(parent);
    }
}
