package dev.ebpf4j.loader;

import dev.ebpf4j.linking.LinkException;
import dev.ebpf4j.linking.Linker;
import dev.ebpf4j.linking.LinkedProgram;
import dev.ebpf4j.linking.ProgramBtf;
import dev.ebpf4j.linking.Relocations;
import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.features.Features;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.programs.ProgramSpec;
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.sys.BtfCalls;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.MappedMemory;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.types.MapType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link BpfObject} (ours or clang's) into kernel objects, in libbpf's order: BTF, maps,
 * global data sections, then each entry program linked with its subprograms and relocated to the
 * maps' file descriptors. Either everything loads or nothing stays behind: on any failure the
 * file descriptors, mappings and pins made so far are released before the exception leaves.
 *
 * <pre>{@code
 * BpfObject object = ObjectReader.read(Path.of("counter.bpf.o"));
 * try (LoadedObject loaded = ObjectLoader.load(object, LoadOptions.defaults())) {
 *     loaded.program("count_packets").testRun(frame, 1);
 * }
 * }</pre>
 *
 * <p>What the kernel cannot do is decided by {@link Features} probes, never by its version:
 * global sections are memory-mapped only where {@code BPF_F_MMAPABLE} arrays work, and BTF the
 * kernel refuses is dropped (with the reason in {@link LoadedObject#btf()}) rather than failing
 * the load.
 */
public final class ObjectLoader {
    private static final int F_RDONLY_PROG = MapSpec.F_RDONLY_PROG;

    private ObjectLoader() {}

    /**
     * Loads {@code object}.
     *
     * @throws LoadException for a problem of the object or the options (an unresolved symbol, an
     *     incompatible pinned map, a kfunc call, programs without a license)
     * @throws dev.ebpf4j.errors.VerifierException when a program is refused, naming its source line
     *     where the object has line marks
     * @throws BpfException when the kernel refuses anything else
     */
    public static LoadedObject load(BpfObject object, LoadOptions options) {
        // Everything that can fail without the kernel fails before the first system call.
        List<LinkedProgram> linked;
        try {
            linked = Linker.linkAll(object);
        } catch (LinkException e) {
            throw new LoadException(e.getMessage(), e);
        }
        if (!linked.isEmpty() && object.license().isEmpty()) {
            throw new LoadException(unlicensed(options.objectName()));
        }
        Map<String, byte[]> initial = initialValues(object, options);
        ProgramBtf programBtf = ProgramBtf.of(object, linked);

        Deque<AutoCloseable> opened = new ArrayDeque<>();
        List<Path> pinsMade = new ArrayList<>();
        Arena mappings = Arena.ofShared();
        try {
            List<String> warnings = new ArrayList<>();
            OwnedFd btfFd = null;
            LoadedObject.BtfStatus btfStatus;
            if (programBtf.btf().length == 0) {
                btfStatus = new LoadedObject.BtfStatus(false, Optional.empty());
            } else if (!options.useBtf()) {
                btfStatus = new LoadedObject.BtfStatus(false, Optional.of("BTF turned off by the load options"));
            } else {
                try {
                    btfFd = BtfCalls.load(programBtf.btf(), "object");
                    opened.push(btfFd);
                    btfStatus = new LoadedObject.BtfStatus(true, Optional.empty());
                    warnings.addAll(programBtf.notes());
                } catch (BpfException e) {
                    if (Errno.EPERM.equals(e.errno())) {
                        throw e;
                    }
                    String reason = "the kernel refused the object's BTF: " + e.getMessage().lines().findFirst().orElse("");
                    btfStatus = new LoadedObject.BtfStatus(false, Optional.of(reason));
                    warnings.add(reason + "; loading without it (no BTF key/value types, no func and line info)");
                }
            }
            int btf = btfFd == null ? 0 : btfFd.get();

            Map<String, MapHandle> maps = new LinkedHashMap<>();
            for (MapDefinition definition : object.maps()) {
                MapHandle map = openOrCreate(definition, btf, options, warnings, pinsMade);
                opened.push(map);
                maps.put(definition.name(), map);
            }

            Map<String, Globals> globals = new LinkedHashMap<>();
            boolean mmapable = Features.get().mmapableArrays();
            for (DataSection section : object.dataSections()) {
                if (section.size() == 0) {
                    continue;
                }
                Globals g = createGlobals(object, section, initial.get(section.name()), btf, mmapable, options, warnings, mappings);
                opened.push(g.map());
                globals.put(section.name(), g);
            }

            Map<String, Program> programs = new LinkedHashMap<>();
            for (LinkedProgram program : linked) {
                byte[] insns = Relocations.apply(program,
                        name -> maps.get(name).fd(),
                        name -> {
                            Globals g = globals.get(name);
                            if (g == null) {
                                throw new LoadException("program " + program.name() + " refers to the empty section " + name);
                            }
                            return g.map().fd();
                        });
                ProgramSpec spec = ProgramSpec.of(program.kind().type(), insns, object.license(), kernelName(program.name()))
                        .withExpectedAttachType(program.kind().expectedAttachType().orElse(null))
                        .withLogLevel(options.logLevel())
                        .withSourceLocator(slot -> program.sourceAt(slot).orElse(null));
                ProgramBtf.Records records = programBtf.programs().get(program.name());
                if (btf != 0 && records != null && (records.funcInfo() != null || records.lineInfo() != null)) {
                    spec = spec.withBtf(btf, records.funcInfo(), ProgramBtf.FUNC_INFO_SIZE, records.lineInfo(), ProgramBtf.LINE_INFO_SIZE);
                }
                Program loaded = Program.load(spec);
                opened.push(loaded);
                programs.put(program.name(), loaded);
            }
            if (btfFd != null) {
                // Maps and programs hold their own references to the BTF object.
                opened.remove(btfFd);
                btfFd.close();
            }
            Map<String, Integer> records = new LinkedHashMap<>();
            for (MapDefinition definition : object.maps()) {
                int record = definition.recordTypeId(object.btf());
                if (record != 0) records.put(definition.name(), record);
            }
            return new LoadedObject(maps, programs, globals, btfStatus, warnings, mappings, new LoadedObject.RecordTypes(object.btf(), records));
        } catch (RuntimeException | Error e) {
            mappings.close();
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            for (Path pin : pinsMade) {
                try {
                    Files.deleteIfExists(pin);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static MapHandle openOrCreate(MapDefinition definition, int btf, LoadOptions options, List<String> warnings,
                                       List<Path> pinsMade) {
        Path pin = null;
        if (definition.pinning() == MapDefinition.Pinning.BY_NAME) {
            if (options.pinDirectory().isEmpty()) {
                warnings.add("map " + definition.name() + " asks to be pinned by name, but no pin directory was given;"
                        + " it was created unpinned");
            } else {
                pin = options.pinDirectory().get().resolve(pinName(definition.name()));
                if (Files.exists(pin)) {
                    MapHandle existing = MapHandle.openPinned(pin);
                    try {
                        checkCompatible(definition, existing, pin);
                    } catch (RuntimeException e) {
                        existing.close();
                        throw e;
                    }
                    return existing;
                }
            }
        }
        MapHandle map = create(definition, btf, warnings);
        if (pin != null) {
            try {
                map.pin(pin);
                pinsMade.add(pin);
            } catch (RuntimeException e) {
                map.close();
                throw e;
            }
        }
        return map;
    }

    private static void checkCompatible(MapDefinition want, MapHandle pinned, Path pin) {
        List<String> mismatches = new ArrayList<>();
        if (pinned.type() != want.type()) {
            mismatches.add("type " + want.type() + " here, " + pinned.type() + " pinned");
        }
        if (pinned.keySize() != want.keySize()) {
            mismatches.add("key size " + want.keySize() + " here, " + pinned.keySize() + " pinned");
        }
        if (pinned.valueSize() != want.valueSize()) {
            mismatches.add("value size " + want.valueSize() + " here, " + pinned.valueSize() + " pinned");
        }
        if (pinned.maxEntries() != maxEntries(want)) {
            mismatches.add("max entries " + maxEntries(want) + " here, " + pinned.maxEntries() + " pinned");
        }
        if (pinned.flags() != want.flags()) {
            mismatches.add("flags 0x" + Integer.toHexString(want.flags()) + " here, 0x" + Integer.toHexString(pinned.flags()) + " pinned");
        }
        if (!mismatches.isEmpty()) {
            throw new LoadException("map " + want.name() + ": the map pinned at " + pin + " is not compatible: "
                    + String.join(", ", mismatches) + " (remove the pin to create a new map)");
        }
    }

    private static int maxEntries(MapDefinition definition) {
        // libbpf sizes a perf event array without max_entries to the possible CPUs.
        return definition.type() == MapType.PERF_EVENT_ARRAY && definition.maxEntries() == 0
                ? PossibleCpus.count() : definition.maxEntries();
    }

    private static MapHandle create(MapDefinition definition, int btf, List<String> warnings) {
        int innerFd = 0;
        MapHandle inner = null;
        try {
            if (definition.inner().isPresent()) {
                inner = create(definition.inner().get(), 0, warnings);
                innerFd = inner.fd();
            }
            // A ring buffer's value type names its records; the kernel takes no BTF value type for it.
            boolean typed = btf != 0 && definition.valueTypeId() != 0 && !definition.type().hasNoValueSize();
            MapSpec spec = new MapSpec(definition.type(), definition.keySize(), definition.valueSize(), maxEntries(definition),
                    definition.flags(), kernelName(definition.name()), typed ? btf : 0,
                    typed ? definition.keyTypeId() : 0, typed ? definition.valueTypeId() : 0, innerFd, definition.mapExtra());
            try {
                return MapHandle.create(spec);
            } catch (BpfException e) {
                if (!typed || Errno.EPERM.equals(e.errno())) {
                    throw withName(definition.name(), e);
                }
                warnings.add("map " + definition.name() + ": the kernel refused its BTF key/value types ("
                        + e.errno().name() + "); created without them");
                try {
                    return MapHandle.create(new MapSpec(spec.type(), spec.keySize(), spec.valueSize(), spec.maxEntries(),
                            spec.flags(), spec.name(), 0, 0, 0, innerFd, spec.mapExtra()));
                } catch (BpfException again) {
                    throw withName(definition.name(), again);
                }
            }
        } finally {
            if (inner != null) {
                inner.close();
            }
        }
    }

    private static BpfException withName(String map, BpfException e) {
        return new BpfException(e.command(), e.errno(), "map " + map + ": " + e.getMessage());
    }

    private static Globals createGlobals(BpfObject object, DataSection section, byte[] value, int btf, boolean mmapable,
                                         LoadOptions options, List<String> warnings, Arena mappings) {
        boolean rodata = section.kind() == DataSection.Kind.RODATA;
        int flags = (mmapable ? MapSpec.F_MMAPABLE : 0) | (rodata ? F_RDONLY_PROG : 0);
        int datasec = btf == 0 ? 0 : object.btf().findId(BtfKind.DATASEC, section.name()).orElse(0);
        String name = dataMapName(options.objectName(), section.name());
        MapSpec spec = new MapSpec(MapType.ARRAY, 4, section.size(), 1, flags, name, datasec == 0 ? 0 : btf, 0, datasec, 0, 0);
        MapHandle map;
        try {
            map = MapHandle.create(spec);
        } catch (BpfException e) {
            if (datasec == 0 || Errno.EPERM.equals(e.errno())) {
                throw withName(section.name(), e);
            }
            warnings.add("section " + section.name() + ": the kernel refused its BTF DATASEC (" + e.errno().name()
                    + "); created without it");
            map = MapHandle.create(new MapSpec(MapType.ARRAY, 4, section.size(), 1, flags, name, 0, 0, 0, 0, 0));
        }
        try {
            map.update(new byte[4], value);
            if (rodata) {
                map.freeze();
            }
            MemorySegment memory = mmapable ? MappedMemory.map(map.fd(), section.size(), !rodata, mappings) : null;
            return new Globals(section, map, memory, rodata);
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }

    /** Each section's first value: the object's bytes with the variables the options set replaced. */
    private static Map<String, byte[]> initialValues(BpfObject object, LoadOptions options) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        Set<String> unused = new HashSet<>(options.globals().keySet());
        for (DataSection section : object.dataSections()) {
            byte[] value = section.initialValue();
            for (DataSection.Variable v : section.variables()) {
                byte[] given = options.globals().get(v.name());
                if (given != null) {
                    if (given.length != v.size()) {
                        throw new LoadException("global " + v.name() + " in " + section.name() + " is " + v.size()
                                + " bytes; the load options give " + given.length);
                    }
                    System.arraycopy(given, 0, value, v.offset(), given.length);
                    unused.remove(v.name());
                }
            }
            values.put(section.name(), value);
        }
        if (!unused.isEmpty()) {
            throw new LoadException("the load options set globals the object does not have: " + unused.stream().sorted().toList());
        }
        return values;
    }

    /** The file name a pin gets: bpffs refuses '.' in names (it reserves them), so it becomes '_', as in libbpf. */
    static String pinName(String name) {
        return name.replace('.', '_');
    }

    /** libbpf's name for a data section's map: up to 8 characters of the object's name, then the section's. */
    /** The kernel loads no program without a license string; say where each kind of source sets one. */
    static String unlicensed(String objectName) {
        return (objectName.isEmpty() ? "the object" : "object " + objectName) + " has no license section, and the kernel"
                + " loads no program without one; add it: in C, char LICENSE[] SEC(\"license\") = \"GPL\"; in Java,"
                + " @BpfProgram(license = \"GPL\"); in assembly, ebpf4j asm --license GPL";
    }

    static String dataMapName(String objectName, String section) {
        String prefix = kernelName(objectName);
        prefix = prefix.substring(0, Math.min(8, prefix.length()));
        return kernelName(prefix + section);
    }

    /** {@code name} with the characters the kernel refuses in object names replaced by '_', cut to 15. */
    static String kernelName(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 15; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
            out.append(ok ? c : '_');
        }
        return out.toString();
    }
}
