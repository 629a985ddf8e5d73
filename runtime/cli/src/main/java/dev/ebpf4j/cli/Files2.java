package dev.ebpf4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File access for the commands: whole-file reads, and writes that never leave half a file behind. */
final class Files2 {
    private Files2() {}

    static byte[] read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new CommandFailure(path + ": is a directory, not a file");
        }
        return Files.readAllBytes(path);
    }

    static String readString(Path path) throws IOException {
        return new String(read(path), StandardCharsets.UTF_8);
    }

    /** Writes {@code bytes} to a temporary file beside {@code path}, then moves it into place. */
    static void writeAtomically(Path path, byte[] bytes) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new CommandFailure(path + ": the directory " + directory + " does not exist");
        }
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
