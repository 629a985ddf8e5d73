package dev.ebpf4j.maps.typed;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.sys.OwnedFd;
import dev.ebpf4j.types.MapType;

import java.lang.foreign.ValueLayout;
import java.util.OptionalInt;

/**
 * A {@code PROG_ARRAY} (tail-call table): index to program. User space writes program fds and
 * reads back program ids.
 *
 * <pre>{@code
 * var jumps = ProgramArrayView.of(map);
 * jumps.set(0, program.fd());
 * jumps.programId(0);  // OptionalInt[program.id()]
 * jumps.clear(0);
 * }</pre>
 */
public final class ProgramArrayView extends TypedView {
    private ProgramArrayView(BpfMap map) {
        super(map, "ProgramArrayView", MapType.PROG_ARRAY);
        checkFixedSize(map, "key", Integer.BYTES, map.keySize());
        checkFixedSize(map, "value", Integer.BYTES, map.valueSize());
    }

    public static ProgramArrayView of(BpfMap map) {
        return new ProgramArrayView(map);
    }

    /** A program array with {@code maxEntries} slots. */
    public static MapSpec spec(int maxEntries) {
        return MapSpec.of(MapType.PROG_ARRAY, Integer.BYTES, Integer.BYTES, maxEntries);
    }

    public int size() {
        return map.maxEntries();
    }

    /** Puts the program behind {@code programFd} at {@code index}; the map keeps its own reference. */
    public void set(int index, OwnedFd programFd) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        s.value.set(ValueLayout.JAVA_INT, 0, programFd.get());
        map.update(s.key, s.value);
    }

    /** Empties slot {@code index}; true if it held a program. */
    public boolean clear(int index) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        return map.delete(s.key);
    }

    /** The id of the program at {@code index}, if any. */
    public OptionalInt programId(int index) {
        checkIndex(index);
        Scratch s = scratch();
        s.key.set(ValueLayout.JAVA_INT, 0, index);
        return map.lookup(s.key, s.value) ? OptionalInt.of(s.value.get(ValueLayout.JAVA_INT, 0)) : OptionalInt.empty();
    }
}
