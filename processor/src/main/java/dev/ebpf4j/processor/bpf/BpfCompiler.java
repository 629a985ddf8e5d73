package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.ProgramUnit;

/** The eBPF back end: a program unit to a standard object. (Placeholder until the back end lands.) */
public final class BpfCompiler {
    private BpfCompiler() {
    }

    /** The ELF object for {@code unit}: code, maps, BTF, line info. */
    public static byte[] write(ProgramUnit unit) {
        throw new UnsupportedOperationException("the eBPF back end is not there yet");
    }
}
