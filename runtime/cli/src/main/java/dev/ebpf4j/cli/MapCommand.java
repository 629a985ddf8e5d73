package dev.ebpf4j.cli;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.mapdump.MapDumper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebpf4j map SUBCOMMAND}: live maps in the kernel. */
@Command(name = "map", description = "Inspects live maps in the kernel.", subcommands = MapCommand.Dump.class)
final class MapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (dump)");
    }

    /** {@code ebpf4j map dump PATH}: every entry, as {@code bpftool map dump pinned PATH} prints it. */
    @Command(name = "dump", description = {"Prints every key and value of a pinned map, as bpftool map dump does:",
            "formatted through the map's BTF where it has one, as hex bytes otherwise;",
            "per-CPU maps show one value per possible CPU."})
    static final class Dump implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PINNED_MAP", description = "The map's pin on a bpf file system.")
        Path path;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (BpfMap map = MapDumper.openPinned(path)) {
                MapDumper.dump(map, spec.commandLine().getOut());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
            return 0;
        }
    }
}
