package dev.ebpf4j.program;

/** The verdict of an XDP program; each constant's {@link #code()} is the kernel's {@code XDP_*} value. */
public enum XdpAction {
    /** {@code XDP_ABORTED}: drop and raise the xdp_exception tracepoint (a program error). */
    ABORTED(0),
    /** {@code XDP_DROP}: drop the frame. */
    DROP(1),
    /** {@code XDP_PASS}: hand the frame to the network stack. */
    PASS(2),
    /** {@code XDP_TX}: send the frame back out of the device it arrived on. */
    TX(3),
    /** {@code XDP_REDIRECT}: redirect the frame (after a redirect helper). */
    REDIRECT(4);

    private final int code;

    XdpAction(int code) {
        this.code = code;
    }

    /** The value the program returns to the kernel. */
    public int code() {
        return code;
    }

    /** The action whose kernel value is {@code code}, or {@code null} for a value with no name. */
    public static XdpAction ofCode(long code) {
        for (XdpAction action : values()) {
            if (action.code == code) return action;
        }
        return null;
    }
}
