package dev.ebpf4j.links;

import dev.ebpf4j.sys.TcNetlink;
import dev.ebpf4j.sys.TcxQuery;

/** Which way the frames a tc program sees are going. */
public enum Direction {
    INGRESS(Hook.TC_INGRESS, TcxQuery.ATTACH_TCX_INGRESS, TcNetlink.PARENT_INGRESS),
    EGRESS(Hook.TC_EGRESS, TcxQuery.ATTACH_TCX_EGRESS, TcNetlink.PARENT_EGRESS);

    private final Hook hook;
    private final int tcxAttachType;
    private final int clsactParent;

    Direction(Hook hook, int tcxAttachType, int clsactParent) {
        this.hook = hook;
        this.tcxAttachType = tcxAttachType;
        this.clsactParent = clsactParent;
    }

    public Hook hook() {
        return hook;
    }

    /** {@code BPF_TCX_INGRESS} (46) or {@code BPF_TCX_EGRESS} (47). */
    int tcxAttachType() {
        return tcxAttachType;
    }

    /** The clsact parent of the direction's filters: {@code ffff:fff2} or {@code ffff:fff3}. */
    int clsactParent() {
        return clsactParent;
    }

    /** As {@code tc} spells it: ingress, egress. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
