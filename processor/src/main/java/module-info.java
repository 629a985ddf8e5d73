/**
 * The annotation processor that compiles annotated Java programs to eBPF objects, C renderings and
 * skeletons. It builds on the object toolchain alone (no kernel code) and exports nothing: javac
 * finds it as a service.
 */
module dev.ebpf4j.processor {
    requires java.compiler;
    requires jdk.compiler;
    requires dev.ebpf4j.toolchain;
    requires dev.ebpf4j.annotations;
    requires com.palantir.javapoet;

    provides javax.annotation.processing.Processor with dev.ebpf4j.processor.Ebpf4jProcessor;
}
