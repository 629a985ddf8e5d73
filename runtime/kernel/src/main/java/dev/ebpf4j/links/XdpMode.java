package dev.ebpf4j.links;

import dev.ebpf4j.sys.XdpNetlink;

/**
 * Where an XDP program runs. Left unrequested, the kernel picks {@link #NATIVE} when the driver
 * supports XDP and {@link #GENERIC} otherwise; an attachment reports the mode the kernel actually
 * uses.
 */
public enum XdpMode {
    /** In the driver, before a socket buffer exists (the fast path); needs driver support. */
    NATIVE(XdpNetlink.FLAGS_DRV_MODE, XdpNetlink.ATTACHED_DRV),
    /** On the socket buffer, after the driver ("skb mode"): works on every interface. */
    GENERIC(XdpNetlink.FLAGS_SKB_MODE, XdpNetlink.ATTACHED_SKB),
    /** On the network card itself; needs offload support and a program loaded for that device. */
    OFFLOAD(XdpNetlink.FLAGS_HW_MODE, XdpNetlink.ATTACHED_HW);

    private final int flag;
    private final int attached;

    XdpMode(int flag, int attached) {
        this.flag = flag;
        this.attached = attached;
    }

    /** {@code XDP_FLAGS_DRV_MODE}, {@code _SKB_MODE} or {@code _HW_MODE}. */
    int flag() {
        return flag;
    }

    /** {@code XDP_ATTACHED_DRV}, {@code _SKB} or {@code _HW}. */
    int attached() {
        return attached;
    }

    static XdpMode ofAttached(int attached) {
        for (XdpMode mode : values()) {
            if (mode.attached == attached) {
                return mode;
            }
        }
        throw new IllegalArgumentException("no single XDP mode: XDP_ATTACHED " + attached);
    }
}
