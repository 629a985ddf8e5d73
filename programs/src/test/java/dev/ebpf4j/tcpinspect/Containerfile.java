package dev.ebpf4j.tcpinspect;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code programs/deploy/Containerfile} read as a container builder reads it: one instruction per
 * line (continuations joined, comments dropped), {@code COPY SRC… DEST}, and {@code ENTRYPOINT} in
 * its exec form, a JSON array (the shell form would put {@code /bin/sh -c} in front and swallow
 * the signals the launcher must receive).
 */
record Containerfile(String from, List<Copy> copies, List<String> entrypoint) {
    static final Path FILE = Path.of("deploy", "Containerfile");

    /** {@code COPY sources… destination}; sources relative to the build context. */
    record Copy(List<String> sources, String destination) {}

    static Containerfile read() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(FILE)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            instructions.add(pending.append(line).toString().strip());
            pending.setLength(0);
        }
        String from = null;
        List<Copy> copies = new ArrayList<>();
        List<String> entrypoint = null;
        for (String instruction : instructions) {
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
            String rest = parts.length > 1 ? parts[1] : "";
            switch (keyword) {
                case "FROM" -> from = rest;
                case "COPY" -> {
                    List<String> words = List.of(rest.split("\\s+"));
                    if (words.size() < 2 || words.getFirst().startsWith("--")) {
                        throw new AssertionError(FILE + ": COPY " + rest + ": expected plain SRC… DEST");
                    }
                    copies.add(new Copy(words.subList(0, words.size() - 1), words.getLast()));
                }
                case "ENTRYPOINT" -> {
                    if (!rest.startsWith("[")) {
                        throw new AssertionError(FILE + ": ENTRYPOINT " + rest + ": expected the exec form, a JSON array");
                    }
                    JsonArray array = JsonParser.parseString(rest).getAsJsonArray();
                    entrypoint = array.asList().stream().map(e -> e.getAsString()).toList();
                }
                default -> {
                    // CMD, LABEL, …: nothing the tests check
                }
            }
        }
        if (from == null || entrypoint == null) {
            throw new AssertionError(FILE + ": needs a FROM and an ENTRYPOINT");
        }
        return new Containerfile(from, copies, entrypoint);
    }

    /**
     * Where {@code imagePath} comes from in the build context, through the COPY whose destination
     * directory holds it; fails if no COPY puts anything there.
     */
    Path sourceOf(String imagePath, Path context) {
        for (Copy copy : copies) {
            String destination = copy.destination().endsWith("/") ? copy.destination() : copy.destination() + "/";
            if (copy.sources().size() == 1 && imagePath.startsWith(destination)) {
                return context.resolve(copy.sources().getFirst()).resolve(imagePath.substring(destination.length()));
            }
        }
        throw new AssertionError(FILE + ": no COPY puts " + imagePath + " into the image: " + copies);
    }
}
