package dev.ebpf4j.maps;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.PerThread;

import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@code PROG_ARRAY}, the table of tail calls: user space puts programs in slots and reads back
 * the ids of the programs there. The map holds its own reference to each program it holds.
 *
 * <pre>{@code
 * KernelProgramArray jumps = KernelMaps.programArray(object.map("jumps"));
 * jumps.set(0, object.program("parse_ipv4"));
 * jumps.programId(0);  // OptionalInt[id of parse_ipv4]
 * jumps.clear(0);
 * }</pre>
 */
public final class KernelProgramArray {
    private final MapHandle map;
    private final PerThread<MapBuffers> buffers;

    KernelProgramArray(MapHandle map) {
        this.map = Objects.requireNonNull(map, "map");
        this.buffers = MapBuffers.perThread(map);
    }

    /** The number of slots. */
    public int size() {
        return map.maxEntries();
    }

    /** Puts {@code program} in slot {@code index}, replacing what was there. */
    public void set(int index, Program program) {
        MapBuffers b = at(index);
        b.value.set(ValueLayout.JAVA_INT, 0, program.fd());
        b.calls.update(UpdateMode.ANY.flag());
    }

    /** Empties slot {@code index}; true if it held a program. */
    public boolean clear(int index) {
        return map.delete(at(index).key);
    }

    /** The id of the program in slot {@code index}, if there is one. */
    public OptionalInt programId(int index) {
        MapBuffers b = at(index);
        return b.calls.lookup() ? OptionalInt.of(b.value.get(ValueLayout.JAVA_INT, 0)) : OptionalInt.empty();
    }

    /** The kernel map underneath (owned by whoever loaded or created it, not by this view). */
    public MapHandle handle() {
        return map;
    }

    private MapBuffers at(int index) {
        if (index < 0 || index >= map.maxEntries()) {
            throw new IndexOutOfBoundsException("program array '" + map.name() + "': slot " + index + " outside 0.."
                    + (map.maxEntries() - 1));
        }
        MapBuffers b = buffers.get();
        b.key.set(ValueLayout.JAVA_INT, 0, index);
        return b;
    }

    @Override
    public String toString() {
        return "KernelProgramArray[" + map.name() + "]";
    }
}
