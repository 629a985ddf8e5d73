package dev.ebpf4j.inspect;

import dev.ebpf4j.program.Bpf;
import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.Config;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfLpmTrie;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.program.net.Ethernet;
import dev.ebpf4j.program.net.Ipv4;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;

/**
 * A SYN-flood guard at XDP: connection attempts (SYN without ACK) are rate-limited per source
 * with a token bucket — {@code burst} SYNs at once, refilled at {@code rate} SYNs a second — and
 * the SYNs over the limit are dropped. Sources are IPv4 addresses, and IPv6 sources by their /64
 * (one host usually owns a whole /64; {@link #ipv6SourcePrefix}, chosen at load). Prefixes in the allowlist are never limited. Every other
 * packet passes.
 *
 * <p>Buckets live in an LRU hash, so a flood from many sources evicts the idlest buckets rather
 * than failing; a source evicted starts again with a full bucket. The sources that had SYNs dropped
 * are in {@link #overLimit} with their count, for user space to list.
 *
 * <p>A bucket holds credit in "SYN-nanoseconds": a SYN costs {@link #TOKEN}, a nanosecond adds
 * {@code rate}, and the bucket holds at most {@code burst * TOKEN} (no division on the hot path).
 * Keep {@code rate * burst} below 9e9 so that the products stay in a long.
 */
@BpfProgram(license = "Dual MIT/GPL")
public final class SynGuard {
    /** Indexes of {@link #config}. */
    public static final int RATE = 0, BURST = 1;
    /** The thresholds of a guard whose {@link #config} is still unset (burst 0). */
    public static final long DEFAULT_RATE = 10, DEFAULT_BURST = 20;
    /** The credit one SYN costs: a second's worth of nanoseconds. */
    public static final long TOKEN = 1_000_000_000L;
    /** Indexes of {@link #synCounts}. */
    public static final int PASSED = 0, DROPPED = 1, ALLOWLISTED = 2;

    /**
     * A source as limited: an IPv4 address IPv4-mapped ({@code high} 0), an IPv6 address's /64
     * ({@code low} 0).
     *
     * @param high the upper 64 bits
     * @param low  the lower 64 bits
     */
    public record Source(long high, long low) {
    }

    /**
     * A source's token bucket.
     *
     * @param credit       what is left, in SYN-nanoseconds (a SYN costs {@link #TOKEN})
     * @param updatedNanos when it was last refilled ({@link Bpf#nanoTime()})
     */
    public record Bucket(long credit, long updatedNanos) {
    }

    /**
     * The prefix length by which IPv6 sources share a bucket, 0 to 128 (64 by default: one host
     * usually owns a /64; 128 limits each address, 48 a site). A load-time choice, unlike the
     * thresholds: the builder of the skeleton sets it ({@code SynGuardSkeleton.builder()
     * .ipv6SourcePrefix(56).load()}), and the verifier then knows it.
     */
    @Config
    static int ipv6SourcePrefix = 64;

    /** The thresholds, read per packet: {@link #RATE} (SYNs a second) and {@link #BURST} (SYNs). */
    @MapDef(maxEntries = 2)
    static final BpfArray<Long> config = new BpfArray<>();

    /** Each recent source's bucket. */
    @MapDef(maxEntries = 65536)
    static final BpfLruHashMap<Source, Bucket> buckets = new BpfLruHashMap<>();

    /** SYNs dropped by source: the sources that went over the limit. */
    @MapDef(maxEntries = 4096)
    static final BpfLruHashMap<Source, Long> overLimit = new BpfLruHashMap<>();

    /** IPv4 prefixes never limited (the value is unused). */
    @MapDef(maxEntries = 1024)
    static final BpfLpmTrie<Integer, Byte> allow4 = new BpfLpmTrie<>();

    /** IPv6 prefixes never limited (the value is unused). */
    @MapDef(maxEntries = 1024)
    static final BpfLpmTrie<Ipv6Address, Byte> allow6 = new BpfLpmTrie<>();

    /** SYNs passed, dropped and passed as allowlisted. */
    @MapDef(maxEntries = 3)
    static final BpfPerCpuArray<Long> synCounts = new BpfPerCpuArray<>();

    private SynGuard() {
    }

    /** Drops a SYN whose source is over its limit; passes everything else. */
    @Xdp
    public static XdpAction guard(XdpContext ctx) {
        Ethernet ethernet = ctx.ethernet();
        if (ethernet == null) return XdpAction.PASS;
        Ipv4 ipv4 = ethernet.ipv4();
        Ipv6 ipv6 = null;
        if (ipv4 == null) ipv6 = ethernet.ipv6();
        Tcp tcp = Segments.tcp(ipv4, ipv6);
        if (tcp == null || !Segments.isSyn(tcp.flags())) return XdpAction.PASS;
        if (allowlisted(ipv4, ipv6)) {
            synCounts.increment(ALLOWLISTED);
            return XdpAction.PASS;
        }
        // IPv4: the mapped address (the lower half); IPv6: the address's prefix
        long high = Segments.sourceHigh(ipv4, ipv6), low = Segments.sourceLow(ipv4, ipv6);
        if (ipv4 == null) {
            high = prefixOfHigh(high, ipv6SourcePrefix);
            low = prefixOfLow(low, ipv6SourcePrefix);
        }
        Source source = new Source(high, low);
        long burst = burst();
        long rate = burst == 0 ? DEFAULT_RATE : rate();
        long capacity = (burst == 0 ? DEFAULT_BURST : burst) * TOKEN;
        long now = Bpf.nanoTime();
        long credit = capacity;
        Bucket bucket = buckets.get(source);
        if (bucket != null) credit = refill(bucket.credit(), now - bucket.updatedNanos(), rate, capacity);
        boolean passes = credit >= TOKEN;
        long left = passes ? credit - TOKEN : credit;
        if (bucket == null) {
            buckets.put(source, new Bucket(left, now));
        } else {
            // in place, through the lookup above: two aligned stores instead of a second lookup and a copy
            buckets.set(source, Bucket::credit, left);
            buckets.set(source, Bucket::updatedNanos, now);
        }
        if (passes) {
            synCounts.increment(PASSED);
            return XdpAction.PASS;
        }
        overLimit.increment(source);
        synCounts.increment(DROPPED);
        return XdpAction.DROP;
    }

    static boolean allowlisted(Ipv4 ipv4, Ipv6 ipv6) {
        if (ipv4 != null) return allow4.containsKey(ipv4.source());
        if (ipv6 != null) return allow6.containsKey(new Ipv6Address(ipv6.sourceHigh(), ipv6.sourceLow()));
        return false;
    }

    /** The upper half of an IPv6 address kept by a prefix of {@code length} bits. */
    static long prefixOfHigh(long high, int length) {
        if (length >= 64) return high;
        if (length <= 0) return 0;
        return high & (-1L << (64 - length));
    }

    /** The lower half of an IPv6 address kept by a prefix of {@code length} bits. */
    static long prefixOfLow(long low, int length) {
        if (length <= 64) return 0;
        if (length >= 128) return low;
        return low & (-1L << (128 - length));
    }

    /**
     * {@code credit} after {@code elapsed} nanoseconds at {@code rate}, at most {@code capacity}. A
     * clock that went backwards (another CPU's earlier reading) adds nothing.
     */
    static long refill(long credit, long elapsed, long rate, long capacity) {
        if (elapsed <= 0 || rate <= 0) return credit;
        long room = capacity - credit;
        if (room <= 0) return credit;
        if (elapsed >= room) return capacity; // rate >= 1: the bucket is full, and elapsed * rate might overflow
        long added = elapsed * rate;
        return added >= room ? capacity : credit + added;
    }

    /**
     * The configured rate. The thresholds are read from {@link #config} in these two methods only,
     * so moving them to load-time constants touches nothing else.
     */
    static long rate() {
        Long rate = config.get(RATE);
        return rate == null ? DEFAULT_RATE : rate;
    }

    /** The configured burst; 0 while unset (then both thresholds take their defaults). */
    static long burst() {
        Long burst = config.get(BURST);
        return burst == null ? 0 : burst;
    }
}
