package dev.ebpf4j.object;

import dev.ebpf4j.binary.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a BPF ELF object into a {@link BpfObject} (work in progress). */
public final class ObjectReader {
    private ObjectReader() {}

    /** @throws FormatException naming the offset and the problem for a malformed object */
    public static BpfObject read(byte[] bytes) {
        throw new UnsupportedOperationException("not yet");
    }

    public static BpfObject read(Path path) throws IOException {
        return read(Files.readAllBytes(path));
    }
}
