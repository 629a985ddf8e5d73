package dev.ebpf4j.tcpinspect.source;

import java.util.List;

/**
 * A SYN-flood guard enforcing on one interface: the SYNs it passed and dropped, and the sources over
 * their limit now. No program of this build is a guard: SynGuard (issue 15) will implement this;
 * until then {@code tcpinspect guard} says that it needs it.
 */
public interface GuardControl {
    String device();

    long passedSyns();

    long droppedSyns();

    /** The sources (an address, or an IPv6 /64) over their limit now. */
    List<Cidr> overLimit();
}
