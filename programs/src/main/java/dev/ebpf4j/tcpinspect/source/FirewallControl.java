package dev.ebpf4j.tcpinspect.source;

import java.util.SequencedMap;

/** A firewall enforcing on one interface: what each of its block rules dropped so far. */
public interface FirewallControl {
    String device();

    /** Packets dropped by each block rule, in the order the rules were added (rules added while running included). */
    SequencedMap<FirewallRule, Long> dropped();
}
