package dev.ebpf4j.loader;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.maps.Codec;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.KernelRingBuffer;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.RecordTypeCheck;
import dev.ebpf4j.programs.Program;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object loaded into the kernel: its maps, programs and global variables, owned together.
 * {@link #close()} closes every file descriptor and unmaps every global section the load opened;
 * pinned maps and programs live on in bpffs.
 *
 * <pre>{@code
 * try (LoadedObject loaded = ObjectLoader.load(object, LoadOptions.defaults())) {
 *     Program xdp = loaded.program("count_packets");
 *     xdp.testRun(frame, 1);
 *     loaded.map("counters").lookup(key);
 *     loaded.variable("packets").getLong();
 * }
 * }</pre>
 */
public final class LoadedObject implements AutoCloseable {
    /**
     * What became of the object's BTF.
     *
     * @param loaded whether the kernel took it (maps got key/value types, programs func and line info)
     * @param refusal why the loader went on without it: the kernel's complaint, or that the caller
     *     turned BTF off; empty when it was loaded or the object has none
     */
    public record BtfStatus(boolean loaded, Optional<String> refusal) {}

    /** The types of ring buffers' records the object declares: ids in its BTF, by map name. */
    record RecordTypes(Btf btf, Map<String, Integer> ids) {}

    private final Map<String, MapHandle> maps;
    private final Map<String, Program> programs;
    private final Map<String, Globals> globals;
    private final BtfStatus btf;
    private final List<String> warnings;
    private final Arena mappings;
    private final RecordTypes recordTypes;
    private final List<KernelRingBuffer<?>> readers = new ArrayList<>();
    private boolean closed;

    LoadedObject(Map<String, MapHandle> maps, Map<String, Program> programs, Map<String, Globals> globals, BtfStatus btf,
                 List<String> warnings, Arena mappings, RecordTypes recordTypes) {
        this.maps = Collections.unmodifiableMap(maps);
        this.programs = Collections.unmodifiableMap(programs);
        this.globals = Collections.unmodifiableMap(globals);
        this.btf = btf;
        this.warnings = List.copyOf(warnings);
        this.mappings = mappings;
        this.recordTypes = recordTypes;
    }

    /** The object's maps by name, in declaration order (data sections are in {@link #globals()}). */
    public Map<String, MapHandle> maps() {
        return maps;
    }

    /** The entry programs by name, in object order. */
    public Map<String, Program> programs() {
        return programs;
    }

    /** The global data sections by section name. */
    public Map<String, Globals> globals() {
        return globals;
    }

    public MapHandle map(String name) {
        MapHandle map = maps.get(name);
        if (map == null) {
            throw new LoadException("the object has no map " + name + " (it has " + maps.keySet() + ")");
        }
        return map;
    }

    /**
     * A reader of the {@code eventType} records in ring buffer {@code name}, owned by this object:
     * {@link #close()} closes it (a skeleton's ring buffer accessors are these).
     *
     * @throws LoadException if the object has no map {@code name}
     * @throws IllegalArgumentException if the map is not a ring buffer, {@code eventType} has no C
     *     layout, or the object declares the ring buffer's records with another layout
     */
    public synchronized <E> KernelRingBuffer<E> ringBuffer(String name, Class<E> eventType) {
        if (closed) throw new IllegalStateException("the object is closed");
        MapHandle map = map(name);
        Codec<E> codec = Codec.of(eventType);
        Integer record = recordTypes.ids().get(name);
        if (record != null) RecordTypeCheck.check("ring buffer '" + name + "'", codec, recordTypes.btf(), record);
        KernelRingBuffer<E> reader = KernelMaps.ringBuffer(map, codec);
        readers.add(reader);
        return reader;
    }

    public Program program(String name) {
        Program program = programs.get(name);
        if (program == null) {
            throw new LoadException("the object has no program " + name + " (it has " + programs.keySet() + ")");
        }
        return program;
    }

    public Globals globals(String section) {
        Globals g = globals.get(section);
        if (g == null) {
            throw new LoadException("the object has no data section " + section + " (it has " + globals.keySet() + ")");
        }
        return g;
    }

    /** The global variable {@code name}, in whichever section holds it. */
    public GlobalVariable variable(String name) {
        for (Globals g : globals.values()) {
            Optional<GlobalVariable> v = g.find(name);
            if (v.isPresent()) {
                return v.get();
            }
        }
        throw new LoadException("the object has no global variable " + name);
    }

    public BtfStatus btf() {
        return btf;
    }

    /** What the loader did differently from what the object asked, one sentence each (BTF dropped, a map left unpinned). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Pins everything as {@code bpftool prog loadall OBJ DIR pinmaps DIR/maps} does: each program
     * at {@code DIR/<program>}, each map, data sections included, at {@code DIR/maps/<map>}, with
     * '.' in names written as '_' (bpffs refuses dots; {@code counter.rodata} is pinned as
     * {@code counter_rodata}).
     * {@code dir} must be on a bpffs mount (checked before anything is created: a
     * {@link LoadException} otherwise); it and {@code DIR/maps} are created if missing. If a pin
     * fails, the pins and directories this call made are removed again.
     */
    public void pinAll(Path dir) {
        PinDirectory.requireBpffs(dir);
        Path mapsDir = dir.resolve("maps");
        List<Path> made = new ArrayList<>();
        try {
            for (Path missing = mapsDir.toAbsolutePath(); missing != null && !Files.exists(missing); missing = missing.getParent()) {
                made.addFirst(missing);
            }
            Files.createDirectories(mapsDir);
            for (var e : programs.entrySet()) {
                Path path = dir.resolve(ObjectLoader.pinName(e.getKey()));
                e.getValue().pin(path);
                made.add(path);
            }
            for (var e : maps.entrySet()) {
                Path path = mapsDir.resolve(ObjectLoader.pinName(e.getKey()));
                e.getValue().pin(path);
                made.add(path);
            }
            for (Globals g : globals.values()) {
                Path path = mapsDir.resolve(ObjectLoader.pinName(g.map().name()));
                g.map().pin(path);
                made.add(path);
            }
        } catch (IOException | RuntimeException e) {
            for (Path path : made.reversed()) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: the original failure is what the caller needs to see
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create " + mapsDir + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Closes every program, map and mapping this object holds; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.forEach(KernelRingBuffer::close);
        programs.values().forEach(Program::close);
        mappings.close();
        globals.values().forEach(g -> g.map().close());
        maps.values().forEach(MapHandle::close);
    }

    @Override
    public String toString() {
        return "LoadedObject[programs=" + programs.keySet() + ", maps=" + maps.keySet() + ", globals=" + globals.keySet()
                + ", btf=" + (btf.loaded() ? "loaded" : "none") + "]";
    }
}
