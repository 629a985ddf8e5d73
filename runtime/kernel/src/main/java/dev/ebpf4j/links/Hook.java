package dev.ebpf4j.links;

/** Where on an interface a program runs. */
public enum Hook {
    /** XDP: every received frame, before the kernel allocates a socket buffer. */
    XDP,
    /** tc ingress: received frames, as socket buffers (TCX or the clsact qdisc's ingress). */
    TC_INGRESS,
    /** tc egress: frames about to be sent. */
    TC_EGRESS
}
