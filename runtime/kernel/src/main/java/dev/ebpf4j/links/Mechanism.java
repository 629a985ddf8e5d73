package dev.ebpf4j.links;

/** How an attachment is held by the kernel. */
public enum Mechanism {
    /**
     * A BPF link: detached when its last file descriptor closes (so a crashed process leaves nothing
     * behind) unless it is pinned; updated atomically; nobody else can replace it.
     */
    BPF_LINK,
    /** The interface's own setting, made over netlink: stays until someone removes it. */
    NETLINK
}
