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
     * Loads SynGuard with {@code rate} SYNs a second and {@code burst} at once per source, never
     * limiting {@code allow}, then attaches it to {@code device}; nothing stays if that fails.
     */
    public static SynGuardProbe attach(NetworkDevice device, long rate, long burst, List<Cidr> allow, XdpOptions options) {
        SynGuardSkeleton skeleton = SynGuardSkeleton.load();
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
    public List<OverLimit> overLimit() {
        // IPv4 sources are IPv4-mapped in the low half; IPv6 sources are a /64, the high half
        return skeleton.overLimit().entries().entrySet().stream()
                .map(e -> new OverLimit(e.getKey().low() != 0 ? Addresses.of(e.getKey().high(), e.getKey().low())
                        : Addresses.of(e.getKey().high(), 0) + "/64", e.getValue()))
                .sorted(Comparator.comparingLong(OverLimit::dropped).reversed().thenComparing(OverLimit::source))
                .toList();
    }
}
