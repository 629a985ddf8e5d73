package dev.ebpf4j.cli;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Disassembler;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.asm.SourceLine;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.ProgramDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j disasm OBJ}: every function of every section, one instruction a line as
 * {@code llvm-objdump} prints it, numbered by slot from the function's start (as the verifier
 * numbers them), with relocation targets named and source lines interleaved where the object has
 * line info.
 */
@Command(name = "disasm", description = "Disassembles every program of a BPF object, naming relocation targets.")
final class DisasmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJ", description = "The BPF object file.")
    Path object;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BpfObject parsed = ObjectFiles.read(object);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<ProgramDefinition>> bySection = parsed.programs().stream()
                .collect(Collectors.groupingBy(ProgramDefinition::section, java.util.LinkedHashMap::new, Collectors.toList()));
        boolean firstSection = true;
        for (Map.Entry<String, List<ProgramDefinition>> section : bySection.entrySet()) {
            if (!firstSection) {
                out.println();
            }
            firstSection = false;
            out.println("section " + section.getKey() + ":");
            for (ProgramDefinition program : section.getValue()) {
                out.println();
                String role = program.isEntry() ? program.kind().type().name() + " program" : "subprogram";
                out.println(program.name() + " (" + role + "):");
                print(program.code(), out);
            }
        }
        out.flush();
        return 0;
    }

    private static void print(Code code, PrintWriter out) {
        Map<Integer, String> labelAt = new HashMap<>();
        code.labels().forEach((name, index) -> labelAt.put(index, name));
        SourceLine lastLine = null;
        for (int i = 0; i < code.size(); i++) {
            SourceLine line = code.lineOf(i).orElse(null);
            if (line != null && !line.equals(lastLine)) {
                out.println("; " + line.file() + ":" + line.line() + (line.text().isBlank() ? "" : "  " + line.text().strip()));
            }
            lastLine = line;
            if (labelAt.containsKey(i)) {
                out.println(labelAt.get(i) + ":");
            }
            Instruction instruction = code.instructions().get(i);
            String text = Disassembler.formatAsObjdump(instruction);
            String targets = code.referencesAt(i).stream().map(DisasmCommand::describe).collect(Collectors.joining(", "));
            out.printf("%8d: %s%s%n", code.slotOf(i), text, targets.isEmpty() ? "" : "  <" + targets + ">");
        }
    }

    private static String describe(Reference reference) {
        return switch (reference.kind()) {
            case MAP -> "map " + reference.symbol();
            case GLOBAL -> "global " + reference.symbol() + (reference.offset() == 0 ? "" : "+" + reference.offset());
            case FUNCTION -> "call " + reference.symbol();
            case FUNCTION_POINTER -> "function " + reference.symbol();
            case KFUNC -> "kfunc " + reference.symbol();
        };
    }
}
