package dev.ebpf4j.tcpinspect;

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
 * changes none of their maps. A guard or firewall whose pins are not all there (it is starting or
 * ending) is left out of that reading.
 */
final class Beside {
    private final PinLayout pins;
    private final List<String> devices;

    Beside(PinLayout pins, List<String> devices) {
        this.pins = pins;
        this.devices = List.copyOf(devices);
    }

    List<GuardControl> guards() {
        return read("SynGuard", PinnedGuard::read);
    }

    List<FirewallControl> firewalls() {
        return read("CidrFirewall", PinnedFirewall::read);
    }

    private <T> List<T> read(String program, BiFunction<String, Path, T> reader) {
        List<T> found = new ArrayList<>();
        for (String device : devices) {
            Path maps = pins.program(device, program).resolve("maps");
            if (!Files.isDirectory(maps)) {
                continue;
            }
            try {
                found.add(reader.apply(device, maps));
            } catch (RuntimeException e) {
                // a pin missing or gone between two steps: the instance is starting or ending; the next reading sees it settled
            }
        }
        return found;
    }
}
