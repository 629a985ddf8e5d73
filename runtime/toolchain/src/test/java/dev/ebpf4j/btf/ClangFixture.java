package dev.ebpf4j.btf;

import dev.ebpf4j.testing.ClangFixtures;
import dev.ebpf4j.testing.ExternalTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A C fixture from {@code fixtures/btf/}, compiled by {@link ClangFixtures}, with its .BTF and
 * .BTF.ext section bytes cut out by llvm-objcopy-19. Tests that need it are skipped, with the
 * reason printed, where the tools are not on the PATH.
 */
public record ClangFixture(String name, Path directory, Path source, Path object, byte[] btf, byte[] btfExt) {
    private static final Map<String, ClangFixture> CACHE = new HashMap<>();

    public static synchronized ClangFixture compile(String name) {
        ExternalTool objcopy = ExternalTool.require("llvm-objcopy-19");
        return CACHE.computeIfAbsent(name, n -> build(n, objcopy));
    }

    private static ClangFixture build(String name, ExternalTool objcopy) {
        Path object = ClangFixtures.compiled("fixtures/btf/" + name);
        Path dir = object.getParent();
        try {
            Path source = dir.resolve(name + ".c");
            Path btf = dir.resolve(name + ".btf");
            Path ext = dir.resolve(name + ".btf.ext");
            objcopy.run("--dump-section", ".BTF=" + btf, "--dump-section", ".BTF.ext=" + ext, object.toString());
            return new ClangFixture(name, dir, source, object, Files.readAllBytes(btf), Files.readAllBytes(ext));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code tool} on files of this fixture's directory (named relative to it) and returns its standard output. */
    String run(String tool, String... arguments) {
        List<String> args = new ArrayList<>();
        for (String argument : arguments) {
            args.add(Files.exists(directory.resolve(argument)) ? directory.resolve(argument).toString() : argument);
        }
        return ExternalTool.require(tool).run(args).stdout();
    }

    /** Lines of text, for line-by-line comparison. */
    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().toList());
    }
}
