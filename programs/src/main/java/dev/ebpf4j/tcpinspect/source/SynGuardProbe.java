package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.Ipv6Address;
import dev.ebpf4j.inspect.SynGuard;
import dev.ebpf4j.inspect.SynGuardSkeleton;
import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpOptions;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@link SynGuard} at XDP on one interface: a token bucket per source, its rate and burst in the
 * program's {@code config} map (so that they can change while it runs), allowlisted prefixes in its
 * LPM tries.
 */
public final class SynGuardProbe extends AttachedProbe implements GuardControl {
    private final SynGuardSkeleton skeleton;

    private SynGuardProbe(NetworkDevice device, SynGuardSkeleton skeleton, List<Attachment> attachments) {
        super("SynGuard", device, skeleton.object(), skeleton, attachments);
        this.skeleton = skeleton;
    }

    /**
     * Loads SynGuard with {@code rate} SYNs a second and {@code burst} at once per source (IPv6
     * sources by their {@code ipv6Prefix}), never limiting {@code allow}, then attaches it to
     * {@code device}; nothing stays if that fails.
     */
    public static SynGuardProbe attach(NetworkDevice device, long rate, long burst, List<Cidr> allow, int ipv6Prefix, XdpOptions options) {
        SynGuardSkeleton skeleton = SynGuardSkeleton.builder().ipv6SourcePrefix(ipv6Prefix).load();
        try {
            skeleton.config().put(SynGuard.RATE, rate);
            skeleton.config().put(SynGuard.BURST, burst);
            for (Cidr prefix : allow) {
                boolean stored = prefix.isIpv6()
                        ? skeleton.allow6().put(ipv6(prefix), prefix.length(), (byte) 1)
                        : skeleton.allow4().put(ipv4(prefix), prefix.length(), (byte) 1);
                if (!stored) {
                    throw new IllegalStateException("--allow " + prefix + ": the allowlist is full");
                }
            }
            return new SynGuardProbe(device, skeleton, Probe.attachEach(device, d -> XdpAttachment.attach(skeleton.guard(), d, options)));
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    static int ipv4(Cidr prefix) {
        return ByteBuffer.wrap(prefix.address()).getInt();
    }

    static Ipv6Address ipv6(Cidr prefix) {
        ByteBuffer bytes = ByteBuffer.wrap(prefix.address());
        return new Ipv6Address(bytes.getLong(), bytes.getLong());
    }

    @Override
    public long passedSyns() {
        return skeleton.synCounts().sum(SynGuard.PASSED);
    }

    @Override
    public long droppedSyns() {
        return skeleton.synCounts().sum(SynGuard.DROPPED);
    }

    @Override
    public long allowlistedSyns() {
        return skeleton.synCounts().sum(SynGuard.ALLOWLISTED);
    }

    @Override
    public int ipv6SourcePrefix() {
        return skeleton.ipv6SourcePrefix();
    }

    @Override
    public List<OverLimit> overLimit() {
        return overLimit(skeleton.overLimit().entries(), skeleton.ipv6SourcePrefix());
    }

    /**
     * The sources of SynGuard's {@code overLimit} map, most drops first: an IPv4 source is
     * IPv4-mapped (written as the address), an IPv6 source is its address cut to {@code ipv6Prefix}
     * bits (written as that prefix).
     */
    static List<OverLimit> overLimit(Map<SynGuard.Source, Long> entries, int ipv6Prefix) {
        return entries.entrySet().stream()
                .map(e -> new OverLimit(source(e.getKey(), ipv6Prefix), e.getValue()))
                .sorted(Comparator.comparingLong(OverLimit::dropped).reversed().thenComparing(OverLimit::source))
                .toList();
    }

    private static String source(SynGuard.Source source, int ipv6Prefix) {
        String address = Addresses.of(source.high(), source.low());
        return Addresses.isIpv4Mapped(source.high(), source.low()) ? address : address + "/" + ipv6Prefix;
    }
}
