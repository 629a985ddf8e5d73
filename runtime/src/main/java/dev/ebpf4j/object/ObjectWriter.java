package dev.ebpf4j.object;

/** Writes a {@link BpfObject} as a BPF ELF object (work in progress). */
public final class ObjectWriter {
    private ObjectWriter() {}

    public static byte[] write(BpfObject object) {
        throw new UnsupportedOperationException("not yet");
    }
}
