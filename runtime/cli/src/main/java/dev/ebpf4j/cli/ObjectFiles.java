package dev.ebpf4j.cli;

import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.ObjectReader;
import java.io.IOException;
import java.nio.file.Path;

/** Reads an object for a command, naming the file in every error. */
final class ObjectFiles {
    private ObjectFiles() {}

    static BpfObject read(Path path) throws IOException {
        byte[] bytes = Files2.read(path);
        try {
            return ObjectReader.read(bytes);
        } catch (FormatException | IllegalArgumentException e) {
            throw CommandFailure.in(path, e);
        }
    }
}
