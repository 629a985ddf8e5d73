package dev.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A C fixture from {@code fixtures/btf/} compiled by clang-19 at test time, with its .BTF and
 * .BTF.ext section bytes cut out by llvm-objcopy-19. Tests that need it are skipped, with the
 * reason printed, where the tools are not on the PATH.
 */
public record ClangFixture(String name, Path directory, Path source, Path object, byte[] btf, byte[] btfExt) {
    private static final Map<String, ClangFixture> CACHE = new HashMap<>();

    public static synchronized ClangFixture compile(String name) {
        requireTool("clang-19");
        requireTool("llvm-objcopy-19");
        return CACHE.computeIfAbsent(name, ClangFixture::build);
    }

    static void requireTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                found = true;
                break;
            }
        }
        if (!found) {
            System.out.println("skipped: " + tool + " is not on the PATH");
        }
        assumeTrue(found, tool + " is not on the PATH");
    }

    private static ClangFixture build(String name) {
        try {
            Path dir = Files.createTempDirectory("btf-fixture-");
            dir.toFile().deleteOnExit();
            Path source = dir.resolve(name + ".c");
            try (InputStream in = ClangFixture.class.getResourceAsStream("/fixtures/btf/" + name + ".c")) {
                if (in == null) {
                    throw new IllegalArgumentException("no fixture " + name + ".c");
                }
                Files.copy(in, source);
            }
            Path object = dir.resolve(name + ".o");
            run(dir, "clang-19", "-g", "-O2", "-target", "bpf", "-c", source.getFileName().toString(), "-o", object.toString());
            Path btf = dir.resolve(name + ".btf");
            Path ext = dir.resolve(name + ".btf.ext");
            run(dir, "llvm-objcopy-19", "--dump-section", ".BTF=" + btf, "--dump-section", ".BTF.ext=" + ext, object.toString());
            for (Path p : List.of(source, object, btf, ext)) {
                p.toFile().deleteOnExit();
            }
            return new ClangFixture(name, dir, source, object, Files.readAllBytes(btf), Files.readAllBytes(ext));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a tool in {@code dir}, asserts that it succeeds and returns its standard output. */
    static String run(Path dir, String... command) {
        try {
            Path err = Files.createTempFile("tool-", ".err");
            err.toFile().deleteOnExit();
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            assertEquals(0, status, String.join(" ", command) + " failed: " + Files.readString(err));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lines of text, for line-by-line comparison. */
    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().toList());
    }
}
