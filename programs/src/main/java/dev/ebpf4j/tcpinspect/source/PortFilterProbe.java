package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.PortFilter;
import dev.ebpf4j.inspect.PortFilterSkeleton;
import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpOptions;
import dev.ebpf4j.loader.LoadedObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * Today's firewall: {@link PortFilter} at XDP, which drops TCP by destination port, IPv4 and IPv6
 * alike. It enforces rules that match every address and name a port ({@code 0.0.0.0/0:23}); prefix
 * rules need CidrFirewall (issue 15), which replaces it behind {@link FirewallControl}.
 */
public final class PortFilterProbe implements FirewallControl, Probe {
    private final String device;
    private final List<FirewallRule> rules;
    private final PortFilterSkeleton skeleton;
    private final XdpAttachment attachment;

    private PortFilterProbe(String device, List<FirewallRule> rules, PortFilterSkeleton skeleton, XdpAttachment attachment) {
        this.device = device;
        this.rules = rules;
        this.skeleton = skeleton;
        this.attachment = attachment;
    }

    /** Whether this program can enforce {@code rule}: any address, one port. */
    public static boolean enforces(FirewallRule rule) {
        return rule.anyAddress() && rule.port().isPresent();
    }

    /**
     * Loads PortFilter with {@code rules} in its map, then attaches it to {@code device}.
     *
     * @throws IllegalArgumentException for a rule it cannot enforce (see {@link #enforces})
     */
    public static PortFilterProbe attach(NetworkDevice device, List<FirewallRule> rules, XdpOptions options) {
        for (FirewallRule rule : rules) {
            if (!enforces(rule)) {
                throw new IllegalArgumentException("rule " + rule + " needs CidrFirewall, which this build does not have");
            }
        }
        PortFilterSkeleton skeleton = PortFilterSkeleton.load();
        try {
            for (FirewallRule rule : rules) {
                skeleton.blockedPorts().put(rule.port().getAsInt(), (byte) 1);
            }
            XdpAttachment attached = XdpAttachment.attach(skeleton.filter(), device, options);
            return new PortFilterProbe(device.name(), List.copyOf(rules), skeleton, attached);
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public SequencedMap<FirewallRule, Long> dropped() {
        SequencedMap<FirewallRule, Long> dropped = new LinkedHashMap<>();
        for (FirewallRule rule : rules) {
            Long count = skeleton.droppedByPort().get(rule.port().getAsInt());
            // Two rules on one port (IPv4 and IPv6 /0) share PortFilter's one counter: the first shows it.
            dropped.put(rule, dropped.keySet().stream().anyMatch(r -> r.port().equals(rule.port())) || count == null ? 0L : count);
        }
        return Collections.unmodifiableSequencedMap(dropped);
    }

    @Override
    public Attachment attachment() {
        return attachment;
    }

    @Override
    public LoadedObject object() {
        return skeleton.object();
    }

    @Override
    public void close() {
        try {
            attachment.close();
        } finally {
            skeleton.close();
        }
    }
}
