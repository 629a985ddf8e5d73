package dev.ebpf4j.tcpinspect.source;

import java.util.List;

/** A SYN-flood guard enforcing on one interface: the SYNs it passed and dropped, and the sources over their limit. */
public interface GuardControl {
    /**
     * A source that had SYNs dropped, and how many.
     *
     * @param source an IPv4 address, or an IPv6 prefix of {@link #ipv6SourcePrefix()} bits
     */
    record OverLimit(String source, long dropped) {}

    String device();

    /** The prefix length by which IPv6 sources share a bucket (SynGuard's {@code ipv6SourcePrefix}). */
    int ipv6SourcePrefix();

    /** SYNs passed within their source's limit. */
    long passedSyns();

    /** SYNs dropped over their source's limit. */
    long droppedSyns();

    /** SYNs passed because their source is allowlisted. */
    long allowlistedSyns();

    /** The sources that went over their limit (most drops first). */
    List<OverLimit> overLimit();
}
