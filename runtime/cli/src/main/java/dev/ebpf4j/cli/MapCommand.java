package dev.ebpf4j.cli;

import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.mapdump.MapDumper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebpf4j map SUBCOMMAND}: live maps in the kernel. */
@Command(name = "map", description = "Inspects live maps in the kernel.", subcommands = {MapCommand.Dump.class, MapCommand.Events.class})
final class MapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (dump, events)");
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
            try (MapHandle map = MapDumper.openPinned(path)) {
                PrintWriter err = spec.commandLine().getErr();
                MapDumper.dump(map, spec.commandLine().getOut(), note -> err.println("ebpf4j: note: " + note));
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
            return 0;
        }
    }

    /** {@code ebpf4j map events PATH}: the records of a pinned ring buffer as they come. */
    @Command(name = "events", description = {"Prints the records of a pinned ring buffer as they come, one JSON object a line:",
            "the members of their struct when --object gives the object that declares the ring buffer",
            "(the kernel keeps no type for a ring buffer's records), {\"size\":N,\"hex\":\"...\"} otherwise.",
            "Reading consumes them: another reader of the same ring buffer does not see them."})
    static final class Events implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PINNED_RINGBUF", description = "The ring buffer's pin on a bpf file system.")
        Path path;

        @Option(names = "--count", paramLabel = "N", description = "Exit after N records.")
        long count;

        @Option(names = "--duration", paramLabel = "S", description = "Exit after S seconds (fractions allowed).")
        Double seconds;

        @Option(names = "--object", paramLabel = "OBJ[:MAP]", description = {"The object file that declares the ring buffer,",
                "read for its records' type only (nothing is loaded); MAP names the ring buffer in it",
                "(default: the pinned map's name)."})
        String object;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (count < 0) throw new ParameterException(spec.commandLine(), "--count must not be negative, got " + count);
            if (seconds != null && !(seconds >= 0)) {
                throw new ParameterException(spec.commandLine(), "--duration must be a number of seconds, not negative, got " + seconds);
            }
            Duration duration = seconds == null ? null : Duration.ofNanos((long) (seconds * 1e9));
            try (MapHandle map = MapDumper.openPinned(path)) {
                if (map.type() != dev.ebpf4j.types.MapType.RINGBUF) {
                    throw new CommandFailure(path + ": map '" + map.name() + "' is a " + map.type()
                            + " map, not a ring buffer (for its entries: ebpf4j map dump " + path + ")");
                }
                PrintWriter err = spec.commandLine().getErr();
                Optional<RecordType> type = object == null ? Optional.empty()
                        : RecordType.of(object, map.name(), note -> err.println("ebpf4j: note: " + note));
                EventsPrinter.print(map, type, spec.commandLine().getOut(), count, duration);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
            return 0;
        }
    }
}
