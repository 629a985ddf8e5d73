package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.CidrFirewall;
import dev.ebpf4j.inspect.CidrFirewallSkeleton;
import dev.ebpf4j.links.Attachment;
import dev.ebpf4j.links.NetworkDevice;
import dev.ebpf4j.links.XdpAttachment;
import dev.ebpf4j.links.XdpOptions;
import java.util.List;
import java.util.SequencedMap;

/** {@link CidrFirewall} at XDP on one interface: block and allow rules by prefix (and port), drops counted per rule. */
public final class CidrFirewallProbe extends AttachedProbe implements FirewallControl {
    private final CidrFirewallSkeleton skeleton;
    private final FirewallRules rules;

    private CidrFirewallProbe(NetworkDevice device, CidrFirewallSkeleton skeleton, List<Attachment> attachments) {
        super("CidrFirewall", device, skeleton.object(), skeleton, attachments);
        this.skeleton = skeleton;
        this.rules = FirewallRules.of(skeleton);
    }

    /**
     * Loads CidrFirewall with {@code block} and {@code allow} in its maps, then attaches it to
     * {@code device}; nothing stays if that fails.
     *
     * @throws IllegalArgumentException for two rules on one prefix in one list
     */
    public static CidrFirewallProbe attach(NetworkDevice device, List<FirewallRule> block, List<FirewallRule> allow, XdpOptions options) {
        CidrFirewallSkeleton skeleton = CidrFirewallSkeleton.load();
        try {
            FirewallRules rules = FirewallRules.of(skeleton);
            block.forEach(rule -> rules.add(true, rule));
            allow.forEach(rule -> rules.add(false, rule));
            return new CidrFirewallProbe(device, skeleton, Probe.attachEach(device, d -> XdpAttachment.attach(skeleton.filter(), d, options)));
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    @Override
    public SequencedMap<FirewallRule, Long> dropped() {
        return rules.dropped();
    }
}
