package dev.ebpf4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * C fixtures from the test resources compiled with {@code clang-19 -target bpf -O2 -g -c}, once
 * per test run; a test without clang-19 is skipped with the reason printed (clang is a test oracle
 * only, never a build dependency).
 */
public final class ClangFixtures {
    private static final Map<String, Path> COMPILED = new ConcurrentHashMap<>();

    private ClangFixtures() {}

    /** The object of resource {@code <resource>.c}, e.g. {@code fixtures/object/full}. */
    public static Path compiled(String resource) {
        ExternalTool clang = ExternalTool.require("clang-19");
        return COMPILED.computeIfAbsent(resource, r -> {
            try {
                String name = r.substring(r.lastIndexOf('/') + 1);
                Path dir = Files.createTempDirectory("ebpf4j-fixture");
                Path source = dir.resolve(name + ".c");
                Files.write(source, source(r));
                Path object = dir.resolve(name + ".o");
                clang.run("-target", "bpf", "-O2", "-g", "-c", source.toString(), "-o", object.toString());
                return object;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The bytes of resource {@code <resource>.c}. */
    public static byte[] source(String resource) {
        try (InputStream in = ClangFixtures.class.getResourceAsStream("/" + resource + ".c")) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource + ".c");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
