package dev.ebpf4j.processor.ir;

/** Where an entry function runs: each hook has its section name and its context. */
public enum Hook {
    XDP("xdp"),
    TC_INGRESS("tc"),
    TC_EGRESS("tc"),
    SOCKET_FILTER("socket");

    private final String section;

    Hook(String section) {
        this.section = section;
    }

    /** The ELF section libbpf recognises for this hook. */
    public String section() {
        return section;
    }
}
