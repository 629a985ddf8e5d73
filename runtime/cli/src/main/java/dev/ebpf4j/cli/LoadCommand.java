package dev.ebpf4j.cli;

import dev.ebpf4j.loader.LoadException;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.programs.ProgramInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebpf4j load OBJ [--pin DIR]}: loads every map and program of an object into the kernel.
 * Without {@code --pin} everything is released again when the command ends (a check that the
 * object loads); with it, programs stay pinned as {@code DIR/<program>} and maps as
 * {@code DIR/maps/<map>}, as {@code bpftool prog loadall OBJ DIR pinmaps DIR/maps} does.
 */
@Command(name = "load", description = {"Loads an object's maps and programs into the kernel and reports them.",
        "With --pin, pins programs as DIR/<program> and maps as DIR/maps/<map> (DIR on a bpffs mount)."})
final class LoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJ", description = "The BPF object file.")
    Path object;

    @Option(names = "--pin", paramLabel = "DIR", description = "Pin programs and maps below this directory on a bpffs mount.")
    Path pinDirectory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BpfObject parsed = ObjectFiles.read(object);
        if (pinDirectory != null && Files.exists(pinDirectory) && !Files.isDirectory(pinDirectory)) {
            throw new CommandFailure(pinDirectory + ": not a directory");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadOptions options = LoadOptions.defaults().withObjectName(objectName(object));
        try (LoadedObject loaded = ObjectLoader.load(parsed, options)) {
            loaded.warnings().forEach(w -> err.println("ebpf4j: warning: " + w));
            for (Map.Entry<String, Program> program : loaded.programs().entrySet()) {
                ProgramInfo info = program.getValue().info();
                out.printf("program %s: id %d, %s, tag %s, xlated %d B, jited %d B%n", program.getKey(), info.id(),
                        info.type(), info.tagHex(), info.xlatedLength(), info.jitedLength());
            }
            for (Map.Entry<String, BpfMap> map : loaded.maps().entrySet()) {
                BpfMap m = map.getValue();
                out.printf("map %s: id %d, %s, key %d B, value %d B, max_entries %d%n", map.getKey(), m.id(), m.type(),
                        m.keySize(), m.valueSize(), m.maxEntries());
            }
            if (pinDirectory != null) {
                loaded.pinAll(pinDirectory);
                out.println("pinned below " + pinDirectory);
            }
        } catch (LoadException e) {
            throw CommandFailure.in(object, e);
        }
        out.flush();
        return 0;
    }

    /** The object's name as libbpf derives it: the file name up to its first dot. */
    static String objectName(Path object) {
        String file = object.getFileName().toString();
        int dot = file.indexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
