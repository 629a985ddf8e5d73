package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles renderings as a user would: the C file beside {@code ebpf4j.h}, then
 * {@code clang-19 -target bpf -O2 -g -c}, with {@code -Wall -Werror} on top because a rendering
 * that makes clang warn is not readable C. The kernel tests add {@code -mcpu=v3}: with clang-19's
 * default (v1) clang sign-extends through 64-bit shifts and re-derives a checked value from its
 * unchecked source, which loses the verifier the bounds of loops. Tests without clang-19 are
 * skipped with the reason.
 */
final class Clang {
    private Clang() {
    }

    /** The instruction set of COMPILER.md (ALU32 and JMP32), which the kernel tests load. */
    static final String CPU = "-mcpu=v3";

    /** Compiled with clang-19's default instruction set: the exact command the rendering promises to work with. */
    static Path compile(ProgramUnit unit) {
        return compile(unit.className(), CRenderer.render(unit));
    }

    /** Compiled for the v3 instruction set, as the kernel tests run it. */
    static Path compileV3(ProgramUnit unit, String... flags) {
        List<String> all = new ArrayList<>(List.of(CPU));
        all.addAll(List.of(flags));
        return compile(unit.className(), CRenderer.render(unit), all.toArray(String[]::new));
    }

    /** The bytes of {@link #compileV3}'s object, for {@code Kernel.load}. */
    static byte[] object(ProgramUnit unit, String... flags) {
        try {
            return Files.readAllBytes(compileV3(unit, flags));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path compile(String name, String source, String... flags) {
        ExternalTool clang = ExternalTool.require("clang-19");
        try {
            Path dir = Files.createTempDirectory("ebpf4j-c-");
            Files.writeString(dir.resolve(CRenderer.HEADER_NAME), CRenderer.header());
            Path c = Files.writeString(dir.resolve(name + ".bpf.c"), source);
            Path object = dir.resolve(name + ".bpf.o");
            // -Wxor-used-as-pow flags "2 ^ 1" between decimal literals: the random expression
            // properties build such IR directly, where Java source would have been folded by javac
            List<String> arguments = new ArrayList<>(List.of("-target", "bpf", "-O2", "-g", "-Wall", "-Werror",
                    "-Wno-xor-used-as-pow"));
            arguments.addAll(List.of(flags));
            arguments.addAll(List.of("-c", c.toString(), "-o", object.toString()));
            clang.run(arguments);
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
