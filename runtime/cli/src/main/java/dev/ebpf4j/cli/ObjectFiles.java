package dev.ebpf4j.cli;

import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads an object for a command, naming the file in every error. */
final class ObjectFiles {
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private ObjectFiles() {}

    /** Whether {@code path} is a regular file that starts as an ELF file does. */
    static boolean isElf(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(ELF_MAGIC.length), ELF_MAGIC);
        }
    }

    static BpfObject read(Path path) throws IOException {
        byte[] bytes = Files2.read(path);
        try {
            return ObjectReader.read(bytes);
        } catch (FormatException | IllegalArgumentException e) {
            throw CommandFailure.in(path, e);
        }
    }
}
