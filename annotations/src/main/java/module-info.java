/**
 * The program API: what an eBPF program written in Java is written against — program and hook
 * annotations, map field types, packet header views, helpers — each with plain-JVM semantics, so
 * a program runs as ordinary Java in a unit test. JDK only.
 */
module dev.ebpf4j.annotations {
    exports dev.ebpf4j.program;
    exports dev.ebpf4j.program.maps;
    exports dev.ebpf4j.program.net;
}
