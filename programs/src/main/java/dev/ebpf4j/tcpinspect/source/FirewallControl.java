package dev.ebpf4j.tcpinspect.source;

import java.util.SequencedMap;

/** A firewall enforcing on one interface: what its rules dropped so far. */
public interface FirewallControl {
    String device();

    /** Packets dropped by each rule, in the order the rules were given. */
    SequencedMap<FirewallRule, Long> dropped();
}
