package dev.ebpf4j.tcpinspect;

import dev.ebpf4j.links.AttachedProgram;
import dev.ebpf4j.links.Hook;
import dev.ebpf4j.links.NetworkAttachments;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.tcpinspect.source.FirewallControl;
import dev.ebpf4j.tcpinspect.source.GuardControl;
import dev.ebpf4j.tcpinspect.source.PinnedFirewall;
import dev.ebpf4j.tcpinspect.source.PinnedGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The guard and the firewall that other tcpinspect runs keep on watch's interfaces, found afresh at
 * each reading through the maps they pin under {@code DIR[/NETNS]/DEV/<Program>/maps} (for their
 * run's time, or with {@code --persist}): they may start or stop while watch runs. Only read: watch
 * changes none of their maps. One counts as running while the program it pinned is the one on the
 * interface's XDP hook: the pins a killed run left behind (no cleanup after {@code kill -9}) are not
 * a guard. A guard or firewall whose pins are not all there (it is starting or ending) is left out
 * of that reading.
 */
final class Beside {
    private final PinLayout pins;
    private final List<NetworkDevice> devices;

    Beside(PinLayout pins, List<NetworkDevice> devices) {
        this.pins = pins;
        this.devices = List.copyOf(devices);
    }

    List<GuardControl> guards() {
        return read("SynGuard", "guard", PinnedGuard::read);
    }

    List<FirewallControl> firewalls() {
        return read("CidrFirewall", "filter", PinnedFirewall::read);
    }

    /** {@code program}'s counts on each device where it runs, its XDP function pinned as {@code function}. */
    private <T> List<T> read(String program, String function, BiFunction<String, Path, T> reader) {
        List<T> found = new ArrayList<>();
        for (NetworkDevice device : devices) {
            Path dir = pins.program(device.name(), program);
            Path maps = dir.resolve("maps");
            if (!Files.isDirectory(maps)) {
                continue;
            }
            try {
                if (!onXdpHook(device, dir.resolve(function))) {
                    continue;
                }
                found.add(reader.apply(device.name(), maps));
            } catch (RuntimeException e) {
                // a pin missing or gone between two steps: the instance is starting or ending; the next reading sees it settled
            }
        }
        return found;
    }

    private static boolean onXdpHook(NetworkDevice device, Path pinnedProgram) {
        int id;
        try (Program program = Program.openPinned(pinnedProgram)) {
            id = program.id();
        }
        for (AttachedProgram attached : NetworkAttachments.on(device)) {
            if (attached.hook() == Hook.XDP && attached.programId() == id) {
                return true;
            }
        }
        return false;
    }
}
