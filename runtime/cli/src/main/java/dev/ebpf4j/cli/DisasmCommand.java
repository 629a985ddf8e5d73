package dev.ebpf4j.cli;

import dev.ebpf4j.asm.Disassembler;
import dev.ebpf4j.asm.SourceLine;
import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.object.CodeListing;
import dev.ebpf4j.object.ProgramDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j disasm OBJ}: every executable section, one instruction a line as
 * {@code llvm-objdump} prints it, numbered by slot from the function's start (as the verifier
 * numbers them), with functions and other symbols as labels, relocation and call targets named,
 * and source lines interleaved where the object has line info. Like {@code llvm-objdump} it needs
 * no function symbols: code without them (what {@code llvm-mc} makes of assembly without
 * {@code .type f,@function}) is numbered from its section's start.
 */
@Command(name = "disasm", description = "Disassembles every executable section of a BPF object, naming functions and relocation targets.")
final class DisasmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJ", description = "The BPF object file.")
    Path object;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] bytes = Files2.read(object);
        CodeListing listing;
        try {
            listing = CodeListing.of(ElfFile.read(bytes));
        } catch (FormatException e) {
            throw CommandFailure.in(object, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean firstSection = true;
        for (CodeListing.CodeSection section : listing.sections()) {
            if (!firstSection) {
                out.println();
            }
            firstSection = false;
            out.println("section " + section.name() + ":");
            print(section, out);
        }
        out.flush();
        return 0;
    }

    private static void print(CodeListing.CodeSection section, PrintWriter out) {
        SourceLine lastLine = null;
        boolean first = true;
        for (CodeListing.Row row : section.rows()) {
            if (first && (row.labels().isEmpty() || !row.labels().getFirst().function())) {
                out.println();
            }
            first = false;
            for (CodeListing.Label label : row.labels()) {
                if (label.function()) {
                    out.println();
                    out.println(label.name() + " (" + role(section, label) + "):");
                    lastLine = null;
                } else {
                    out.println(label.name() + ":");
                }
            }
            SourceLine line = row.line().orElse(null);
            if (line != null && !line.equals(lastLine)) {
                out.println("; " + line.file() + ":" + line.line() + (line.text().isBlank() ? "" : "  " + line.text().strip()));
            }
            lastLine = line;
            String targets = String.join(", ", row.targets());
            out.printf("%8d: %s%s%n", row.slot(), Disassembler.formatAsObjdump(row.instruction()),
                    targets.isEmpty() ? "" : "  <" + targets + ">");
        }
    }

    private static String role(CodeListing.CodeSection section, CodeListing.Label function) {
        if (section.name().equals(ProgramDefinition.TEXT)) {
            return "subprogram";
        }
        if (section.kind().isEmpty()) {
            return "function";
        }
        return function.global() ? section.kind().get().type().name() + " program" : "static function";
    }
}
