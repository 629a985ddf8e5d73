package dev.ebpf4j.tcpinspect.source;

import java.nio.file.Path;
import java.util.SequencedMap;

/**
 * The drops per rule of a CidrFirewall that another tcpinspect runs, read once through the maps it
 * pinned: how {@code watch} shows the firewall beside it. Read-only ({@link FirewallRules#dropped()}
 * only looks up), and no map stays open after the reading.
 */
public record PinnedFirewall(String device, SequencedMap<FirewallRule, Long> dropped) implements FirewallControl {
    /**
     * Reads the firewall of {@code device} whose maps are pinned in {@code mapsDir}.
     *
     * @throws RuntimeException if a pin is missing or goes while being read (the firewall is starting or ending)
     */
    public static PinnedFirewall read(String device, Path mapsDir) {
        try (FirewallRules rules = FirewallRules.openPinned(mapsDir)) {
            return new PinnedFirewall(device, rules.dropped());
        }
    }
}
