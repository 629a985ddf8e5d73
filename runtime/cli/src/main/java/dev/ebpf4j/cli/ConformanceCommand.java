package dev.ebpf4j.cli;

import dev.ebpf4j.conformance.ConformanceRunner;
import dev.ebpf4j.errors.VerifierException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ebpf4j conformance [MEMHEX]}: the plugin protocol of the bpf_conformance suite. The
 * program's bytes come as hex on standard input, the input memory as hex in the argument; r0 is
 * printed in hex. A program the kernel refuses exits non-zero with the verifier's message.
 */
@Command(name = "conformance",
        description = {"Runs a program in the kernel as a bpf_conformance plugin: program bytes as hex on standard input,",
                "input memory as hex in the argument; prints r0 (all 64 bits) in hex."})
final class ConformanceCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MEMHEX", description = "Input memory as hex bytes (r1 points to it, r2 holds its length).")
    String memory = "";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String programText = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        byte[] program = Hex.parse(programText == null ? "" : programText, "program on standard input");
        if (program.length == 0 || program.length % 8 != 0) {
            throw new CommandFailure("program on standard input: " + program.length + " bytes is not a whole number of 8-byte instructions");
        }
        byte[] input = Hex.parse(memory, "memory argument");
        try {
            long r0 = ConformanceRunner.run(program, input);
            spec.commandLine().getOut().println(Long.toHexString(r0));
            return 0;
        } catch (VerifierException e) {
            throw new CommandFailure("the kernel refused the program: " + e.getMessage(), e);
        }
    }
}
