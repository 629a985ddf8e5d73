package dev.ebpf4j.cli;

import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.object.ProgramDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebpf4j info OBJ}: programs, maps, globals, license and a BTF summary of an object. */
@Command(name = "info", description = "Lists the programs, maps, globals, license and BTF of a BPF object.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJ", description = "The BPF object file.")
    Path object;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BpfObject parsed = ObjectFiles.read(object);
        PrintWriter out = spec.commandLine().getOut();

        out.println("programs:");
        Table programs = new Table("name", "section", "type", "attach", "instructions");
        for (ProgramDefinition program : parsed.programs()) {
            programs.row(program.name(), program.section(),
                    program.isEntry() ? program.kind().type().name() : "(subprogram)",
                    program.expectedAttachType().map(Enum::name).orElse("-"),
                    String.valueOf(program.code().slotCount()));
        }
        programs.print(out);

        out.println("maps:");
        Table maps = new Table("name", "type", "key", "value", "max_entries", "flags", "pinning");
        for (MapDefinition map : parsed.maps()) {
            maps.row(map.name(), map.type().name(), String.valueOf(map.keySize()), String.valueOf(map.valueSize()),
                    String.valueOf(map.maxEntries()), "0x" + Integer.toHexString(map.flags()), map.pinning().name().toLowerCase());
        }
        maps.print(out);

        out.println("globals:");
        Table globals = new Table("name", "section", "offset", "size");
        for (DataSection section : parsed.dataSections()) {
            for (DataSection.Variable variable : section.variables()) {
                globals.row(variable.name(), section.name(), String.valueOf(variable.offset()), String.valueOf(variable.size()));
            }
        }
        globals.print(out);

        out.println("license: " + (parsed.license().isEmpty() ? "(none)" : parsed.license()));
        out.println("btf: " + btfSummary(parsed));
        out.flush();
        return 0;
    }

    private static String btfSummary(BpfObject object) {
        if (object.btf().typeCount() == 0) {
            return "none";
        }
        Map<BtfKind, Integer> kinds = new EnumMap<>(BtfKind.class);
        for (BtfType type : object.btf().types()) {
            kinds.merge(type.kind(), 1, Integer::sum);
        }
        return object.btf().typeCount() + " types ("
                + kinds.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")";
    }
}
