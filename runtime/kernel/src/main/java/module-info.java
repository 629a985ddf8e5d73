/**
 * The kernel runtime: maps, programs, attachments to interfaces, the loader, feature probes and the support generated
 * skeletons build on. {@code dev.ebpf4j.sys} is the one place that calls the kernel (bpf(), netlink, mmap,
 * through java.lang.foreign) and is not API: only the command line of this project reads it.
 */
module dev.ebpf4j.runtime {
    requires transitive dev.ebpf4j.toolchain;
    requires transitive dev.ebpf4j.annotations;

    exports dev.ebpf4j.errors;
    exports dev.ebpf4j.features;
    exports dev.ebpf4j.links;
    exports dev.ebpf4j.loader;
    exports dev.ebpf4j.maps;
    exports dev.ebpf4j.programs;
    exports dev.ebpf4j.skeleton;
    exports dev.ebpf4j.sys to dev.ebpf4j.cli;
}
