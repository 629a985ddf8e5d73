package dev.ebpf4j.cli;

import dev.ebpf4j.asm.Assembler;
import dev.ebpf4j.asm.AssemblyException;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.ObjectAssembler;
import dev.ebpf4j.object.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ebpf4j asm IN.s -o OUT.o}: LLVM-syntax assembly into a BPF object. */
@Command(name = "asm", description = {"Assembles LLVM-syntax BPF assembly into a BPF ELF object.",
        "Instructions go into .text, or into the section a `.section NAME` directive names (xdp, tc, socket, ...);",
        "a function starts at a `.globl` label."})
final class AsmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "The assembly file, or - for standard input.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The object file to write.")
    Path output;

    @Option(names = "--license", defaultValue = "GPL", description = "The license section's string (default: ${DEFAULT-VALUE}).")
    String license;

    @Override
    public Integer call() throws IOException {
        String text = input.equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files2.readString(Path.of(input));
        String name = input.equals("-") ? "<stdin>" : input;
        BpfObject object;
        try {
            object = ObjectAssembler.toObject(Assembler.assemble(text), license);
        } catch (AssemblyException e) {
            throw new CommandFailure(name + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.in(name, e);
        }
        Files2.writeAtomically(output, ObjectWriter.write(object));
        return 0;
    }
}
