/**
 * The JUnit 5 extension for users' tests of their own eBPF programs: {@code @KernelTest}, loaded
 * skeletons as test parameters, and a network fixture of namespaces joined by a veth pair. A
 * test-scope dependency; it builds on the runtime, JUnit Jupiter's API and jqwik's.
 */
module dev.ebpf4j.junit {
    requires transitive dev.ebpf4j.runtime;
    requires transitive org.junit.jupiter.api;
    requires transitive net.jqwik.api;

    exports dev.ebpf4j.junit;
}
