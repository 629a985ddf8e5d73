package dev.ebpf4j.mapdump;

import dev.ebpf4j.binary.FormatException;
import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfDecoder;
import dev.ebpf4j.btf.BtfException;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapInfo;
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.sys.BtfCalls;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.sys.ObjectCalls;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.sys.PossibleCpus;
import dev.ebpf4j.types.MapType;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Dumps a live map as {@code bpftool map dump} does: every key in the kernel's order with its
 * value, typed through the map's own BTF when it has a value type, as hex bytes otherwise.
 *
 * <pre>{@code
 * try (MapHandle map = MapDumper.openPinned(Path.of("/sys/fs/bpf/myapp/counts"))) {
 *     MapDumper.dump(map, new PrintWriter(System.out, true));
 * }
 * }</pre>
 */
public final class MapDumper {
    /** Map types whose elements cannot be listed by key from user space. */
    private static final Set<MapType> NOT_LISTABLE = EnumSet.of(MapType.QUEUE, MapType.STACK, MapType.RINGBUF,
            MapType.USER_RINGBUF, MapType.BLOOM_FILTER, MapType.ARENA, MapType.STRUCT_OPS);

    private MapDumper() {}

    /**
     * Opens the map pinned at {@code path}.
     *
     * @throws NoSuchFileException if nothing is there
     * @throws IllegalArgumentException naming the path, if it is not on a bpf filesystem or holds a
     *         program or link rather than a map
     */
    public static MapHandle openPinned(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + ": is a directory, not a pinned map");
        }
        String filesystem = Files.getFileStore(path).type();
        if (!filesystem.equals("bpf")) {
            throw new IllegalArgumentException(path + ": not a pinned map (the file is on a " + filesystem
                    + " file system, not on bpffs)");
        }
        OwnedFd fd = ObjectCalls.get(path, 0);
        ObjectCalls.ObjectKind kind = ObjectCalls.kind(fd.get());
        if (kind != ObjectCalls.ObjectKind.MAP) {
            fd.close();
            throw new IllegalArgumentException(path + ": not a pinned map (it is a pinned "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return MapHandle.adopt(fd);
    }

    /**
     * The map's own BTF, if it has a value type in BTF loaded by a process (kernel BTF, as for
     * struct_ops maps, is left out: it may be split and is not the map's own).
     *
     * @throws IllegalArgumentException if the kernel hands back BTF we cannot decode
     */
    public static Optional<Btf> btfOf(MapInfo info) {
        if (info.btfId() == 0 || info.btfValueTypeId() == 0) {
            return Optional.empty();
        }
        try (OwnedFd fd = BtfCalls.fdById(info.btfId())) {
            BtfCalls.RawBtfInfo btf = BtfCalls.info(fd.get());
            if (btf.kernelBtf()) {
                return Optional.empty();
            }
            return Optional.of(BtfDecoder.decode(btf.blob()));
        } catch (FormatException | BtfException e) {
            throw new IllegalArgumentException("map '" + info.name() + "': its BTF (id " + info.btfId()
                    + ") cannot be read: " + e.getMessage(), e);
        }
    }

    private static Optional<Btf> readableBtfOf(MapInfo info, Consumer<String> notes) {
        try {
            return btfOf(info);
        } catch (BpfException e) {
            if (!e.errno().equals(Errno.EPERM) && !e.errno().equals(Errno.EACCES)) {
                throw e;
            }
            notes.accept("map '" + info.name() + "': its BTF (id " + info.btfId() + ") may not be read by this process ("
                    + e.errno().name() + ": reading BTF by id needs CAP_SYS_ADMIN); showing raw hex");
            return Optional.empty();
        }
    }

    /**
     * Writes every entry of {@code map} to {@code out}, entry by entry; as
     * {@link #dump(MapHandle, PrintWriter, Consumer)} with the notes dropped.
     */
    public static int dump(MapHandle map, PrintWriter out) {
        return dump(map, out, note -> {});
    }

    /**
     * Writes every entry of {@code map} to {@code out}, entry by entry. A map whose BTF this process
     * may not read (fetching BTF by id needs {@code CAP_SYS_ADMIN}; the map's own entries need only
     * access to its pin) is dumped as hex bytes, with one sentence saying so to {@code notes}.
     *
     * @return how many entries were written
     * @throws IllegalArgumentException for map types whose entries cannot be listed (queues, stacks,
     *         ring buffers, bloom filters, arenas, struct_ops)
     */
    public static int dump(MapHandle map, PrintWriter out, Consumer<String> notes) {
        if (NOT_LISTABLE.contains(map.type())) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type()
                    + " map: its elements have no keys to list");
        }
        MapInfo info = map.info();
        MapDumpText.Shape shape = new MapDumpText.Shape(map.type().isPerCpu(), map.keySize(), map.valueSize(),
                map.type().isPerCpu() ? PossibleCpus.count() : 1);
        MapDumpText text = readableBtfOf(info, notes)
                .map(btf -> MapDumpText.typed(shape, btf, info.btfKeyTypeId(), info.btfValueTypeId()))
                .orElseGet(() -> MapDumpText.hex(shape));
        int keySize = map.keySize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment current = arena.allocate(Math.max(1, keySize));
            MemorySegment next = arena.allocate(Math.max(1, keySize));
            MemorySegment value = arena.allocate(Math.max(1, map.valueBufferSize()));
            MemorySegment from = null;
            while (map.nextKey(from, next)) {
                MemorySegment.copy(next, 0, current, 0, keySize);
                from = current;
                // An entry deleted between the two calls is simply gone; the next key still follows it.
                if (map.lookup(current, value)) {
                    try {
                        text.entry(current.asSlice(0, keySize).toArray(ValueLayout.JAVA_BYTE),
                                value.asSlice(0, map.valueBufferSize()).toArray(ValueLayout.JAVA_BYTE));
                    } catch (BtfException e) {
                        throw new IllegalArgumentException("map '" + map.name() + "': its BTF does not describe its entries: "
                                + e.getMessage(), e);
                    }
                    out.print(text.take());
                }
            }
        }
        out.print(text.finish());
        out.flush();
        return text.count();
    }
}
