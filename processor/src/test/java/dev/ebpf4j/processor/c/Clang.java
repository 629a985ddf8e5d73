package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compiles renderings as a user would: the C file beside {@code ebpf4j.h}, then
 * {@code clang-19 -target bpf -O2 -g -c}, with {@code -Wall -Werror} on top because a rendering
 * that makes clang warn is not readable C. Tests without clang-19 are skipped with the reason.
 */
final class Clang {
    private Clang() {
    }

    static Path compile(ProgramUnit unit) {
        return compile(unit.className(), CRenderer.render(unit));
    }

    static Path compile(String name, String source) {
        ExternalTool clang = ExternalTool.require("clang-19");
        try {
            Path dir = Files.createTempDirectory("ebpf4j-c-");
            Files.writeString(dir.resolve(CRenderer.HEADER_NAME), CRenderer.header());
            Path c = Files.writeString(dir.resolve(name + ".bpf.c"), source);
            Path object = dir.resolve(name + ".bpf.o");
            clang.run("-target", "bpf", "-O2", "-g", "-Wall", "-Werror", "-c", c.toString(), "-o", object.toString());
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
