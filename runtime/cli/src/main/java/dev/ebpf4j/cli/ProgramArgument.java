package dev.ebpf4j.cli;

import dev.ebpf4j.loader.LoadException;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.loader.ObjectLoader;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.Statfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PROG argument opened: a pinned program's path, or {@code OBJ:NAME} (the object loaded for the
 * command; what is attached keeps its program alive after the command releases it).
 */
final class ProgramArgument implements AutoCloseable {
    private final Program program;
    private final LoadedObject object;

    private ProgramArgument(Program program, LoadedObject object) {
        this.program = program;
        this.object = object;
    }

    static ProgramArgument open(String argument) throws IOException {
        int colon = argument.lastIndexOf(':');
        Path pinned = Path.of(argument);
        if (colon > 0 && !Files.exists(pinned)) {
            Path objectFile = Path.of(argument.substring(0, colon));
            String name = argument.substring(colon + 1);
            BpfObject object = ObjectFiles.read(objectFile);
            if (object.program(name).filter(p -> p.isEntry()).isEmpty()) {
                throw new CommandFailure(objectFile + ": no program named " + name + " (programs: "
                        + String.join(", ", object.entryPrograms().stream().map(p -> p.name()).toList()) + ")");
            }
            try {
                LoadedObject loaded = ObjectLoader.load(object, LoadOptions.defaults().withObjectName(LoadCommand.objectName(objectFile)));
                return new ProgramArgument(loaded.program(name), loaded);
            } catch (LoadException e) {
                throw CommandFailure.in(objectFile, e);
            }
        }
        if (!Files.exists(pinned)) {
            throw new CommandFailure(argument + ": no such pinned program (give a path on bpffs, or OBJ:NAME)");
        }
        if (Files.isDirectory(pinned) || !Statfs.isBpffs(pinned)) {
            throw new CommandFailure(argument + ": not a pinned program; give a pinned program's path on bpffs, or OBJ:NAME");
        }
        try {
            return new ProgramArgument(Program.openPinned(pinned), null);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    Program program() {
        return program;
    }

    @Override
    public void close() {
        if (object != null) {
            object.close();
        } else {
            program.close();
        }
    }
}
