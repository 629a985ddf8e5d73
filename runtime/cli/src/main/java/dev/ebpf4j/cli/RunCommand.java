package dev.ebpf4j.cli;

import dev.ebpf4j.loader.LoadException;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.programs.TestRunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j run PROG --data FILE [--repeat N]}: one {@code BPF_PROG_TEST_RUN} of a pinned
 * program, or of program NAME of object OBJ ({@code OBJ:NAME}, loaded for the run and released
 * after it).
 */
@Command(name = "run", description = {"Test-runs a program in the kernel on the bytes of a file (a frame, for XDP and tc).",
        "PROG is a pinned program's path or OBJ:NAME. Prints retval=<n> duration_ns=<n>, and the data when the program changed it."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROG", description = "A pinned program, or OBJ:NAME.")
    String program;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The input data (packet) for the run.")
    Path data;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N", description = "Runs in the kernel; duration_ns is their mean (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (repeat < 1) {
            throw new CommandFailure("--repeat " + repeat + ": must be at least 1");
        }
        byte[] input = Files2.read(data);
        int colon = program.lastIndexOf(':');
        Path pinned = Path.of(program);
        if (colon > 0 && !Files.exists(pinned)) {
            Path objectFile = Path.of(program.substring(0, colon));
            String name = program.substring(colon + 1);
            BpfObject object = ObjectFiles.read(objectFile);
            if (object.program(name).filter(p -> p.isEntry()).isEmpty()) {
                throw new CommandFailure(objectFile + ": no program named " + name + " (programs: "
                        + String.join(", ", object.entryPrograms().stream().map(p -> p.name()).toList()) + ")");
            }
            try (LoadedObject loaded = ObjectLoader.load(object, LoadOptions.defaults().withObjectName(LoadCommand.objectName(objectFile)))) {
                report(loaded.program(name), input);
            } catch (LoadException e) {
                throw CommandFailure.in(objectFile, e);
            }
        } else {
            if (!Files.exists(pinned)) {
                throw new CommandFailure(program + ": no such pinned program (give a path on bpffs, or OBJ:NAME)");
            }
            try (Program loaded = Program.openPinned(pinned)) {
                report(loaded, input);
            }
        }
        return 0;
    }

    private void report(Program loaded, byte[] input) {
        TestRunResult result = loaded.testRun(input, repeat);
        PrintWriter out = spec.commandLine().getOut();
        out.println("retval=" + Integer.toUnsignedString(result.retval()) + " duration_ns=" + result.durationNanos());
        if (!Arrays.equals(input, result.dataOut())) {
            out.println("data out (" + result.dataOut().length + " bytes):");
            HexFormat hex = HexFormat.ofDelimiter(" ");
            byte[] bytes = result.dataOut();
            for (int offset = 0; offset < bytes.length; offset += 16) {
                out.printf("  %04x: %s%n", offset, hex.formatHex(bytes, offset, Math.min(bytes.length, offset + 16)));
            }
        }
        out.flush();
    }
}
