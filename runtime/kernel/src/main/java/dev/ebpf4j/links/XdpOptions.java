package dev.ebpf4j.links;

import java.util.Optional;

/**
 * How to attach an XDP program: the mode (empty: the kernel's choice) and the mechanism (empty: a
 * BPF link where the kernel has XDP links, netlink otherwise).
 *
 * <pre>{@code
 * XdpOptions.defaults().withMode(XdpMode.GENERIC).withMechanism(Mechanism.NETLINK)
 * }</pre>
 */
public record XdpOptions(Optional<XdpMode> mode, Optional<Mechanism> mechanism) {
    private static final XdpOptions DEFAULTS = new XdpOptions(Optional.empty(), Optional.empty());

    public static XdpOptions defaults() {
        return DEFAULTS;
    }

    public XdpOptions withMode(XdpMode mode) {
        return new XdpOptions(Optional.of(mode), mechanism);
    }

    public XdpOptions withMechanism(Mechanism mechanism) {
        return new XdpOptions(mode, Optional.of(mechanism));
    }

    int modeFlag() {
        return mode.map(XdpMode::flag).orElse(0);
    }
}
