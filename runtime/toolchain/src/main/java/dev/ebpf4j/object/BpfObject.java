package dev.ebpf4j.object;

import dev.ebpf4j.asm.Reference;
import dev.ebpf4j.btf.Btf;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A BPF object as data: what {@link ObjectReader} reads from an ELF file and
 * {@link ObjectWriter} writes to one, and what the loader turns into kernel objects. Every
 * symbolic reference in the code resolves within the object (maps, globals, functions); kfuncs
 * are resolved against the kernel later.
 *
 * <pre>{@code
 * BpfObject object = ObjectReader.read(Path.of("counter.bpf.o"));
 * ProgramDefinition xdp = object.program("count_packets").orElseThrow();
 * MapDefinition counters = object.map("counters").orElseThrow();
 * byte[] again = ObjectWriter.write(object);
 * }</pre>
 *
 * @param license the {@code license} section's string (the kernel checks it for GPL-only helpers)
 * @param kernelVersion the {@code version} section's value, 0 if absent (only old kprobe loaders need it)
 * @param programs entry programs and subprograms, in section order
 * @param maps the maps declared in {@code .maps}
 * @param dataSections {@code .data}, {@code .rodata}, {@code .bss} and their variants
 * @param btf the object's BTF types (empty if it has none); ids in the other parts refer to it
 */
public record BpfObject(String license, int kernelVersion, List<ProgramDefinition> programs, List<MapDefinition> maps,
                        List<DataSection> dataSections, Btf btf) {
    public BpfObject {
        Objects.requireNonNull(license, "license");
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
        dataSections = List.copyOf(dataSections);
        Objects.requireNonNull(btf, "btf");
        if (license.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the license must not contain a NUL character");
        }
        Set<String> functions = unique(programs.stream().map(ProgramDefinition::name).toList(), "program");
        Set<String> mapNames = unique(maps.stream().map(MapDefinition::name).toList(), "map");
        Set<String> globals = new HashSet<>(unique(dataSections.stream().map(DataSection::name).toList(), "data section"));
        dataSections.forEach(d -> d.variables().forEach(v -> globals.add(v.name())));
        for (ProgramDefinition program : programs) {
            for (Reference r : program.code().references()) {
                Set<String> names = switch (r.kind()) {
                    case MAP -> mapNames;
                    case GLOBAL -> globals;
                    case FUNCTION, FUNCTION_POINTER -> functions;
                    case KFUNC -> null;
                };
                if (names != null && !names.contains(r.symbol())) {
                    throw new IllegalArgumentException("program " + program.name() + ", instruction " + r.instructionIndex()
                            + ": " + r.kind() + " reference to \"" + r.symbol() + "\", which the object does not define");
                }
            }
        }
    }

    private static Set<String> unique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("two " + what + "s are called " + name);
            }
        }
        return seen;
    }

    /** An object with a license and nothing else: no programs, maps, globals or BTF types. */
    public static BpfObject empty(String license) {
        return new BpfObject(license, 0, List.of(), List.of(), List.of(), Btf.builder().build());
    }

    public Optional<ProgramDefinition> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<MapDefinition> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<DataSection> dataSection(String name) {
        return dataSections.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The entry programs, without subprograms. */
    public List<ProgramDefinition> entryPrograms() {
        return programs.stream().filter(ProgramDefinition::isEntry).toList();
    }
}
