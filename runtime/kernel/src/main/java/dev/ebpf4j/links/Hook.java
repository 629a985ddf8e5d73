package dev.ebpf4j.links;

/** Where on an interface a program runs. */
public enum Hook {
    /** XDP: every received frame, before the kernel allocates a socket buffer. */
    XDP
}
