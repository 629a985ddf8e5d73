package dev.ebpf4j.maps;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the layout of a Java record with the C struct an object declares for the same data (a
 * ring buffer's records): the same size, and member by member the same offsets and sizes. Names
 * are not compared: a C rendering may mangle them, and the bytes are what must agree.
 *
 * <pre>{@code
 * RecordTypeCheck.check("ring buffer 'events'", Codec.of(Event.class), objectBtf, recordTypeId);
 * }</pre>
 */
public final class RecordTypeCheck {
    private RecordTypeCheck() {
    }

    /** A member: where it starts and how many bytes it takes. */
    private record Slot(String name, long offset, long size) {
        @Override
        public String toString() {
            return name + " at byte " + offset + ", " + size + (size == 1 ? " byte" : " bytes");
        }
    }

    /**
     * Refuses a codec whose layout is not the one of {@code typeId} in {@code btf}.
     *
     * @param what names the map for the message, {@code ring buffer 'events'}
     * @throws IllegalArgumentException in one line naming the first difference
     */
    public static void check(String what, Codec<?> codec, Btf btf, int typeId) {
        int resolved = btf.skipQualifiers(typeId);
        long size = btf.sizeOf(resolved);
        String theirs = describe(btf, resolved);
        String prefix = what + ": " + codec + " does not match the object's " + theirs + ": ";
        if (codec.size() != size) {
            throw new IllegalArgumentException(prefix + codec.size() + " bytes in Java, " + size + " in the object");
        }
        if (!(btf.type(resolved) instanceof BtfType.Struct struct) || !(codec.layout() instanceof StructLayout layout)) {
            return;
        }
        List<Slot> java = new ArrayList<>();
        long offset = 0;
        for (MemoryLayout member : layout.memberLayouts()) {
            if (!(member instanceof PaddingLayout)) {
                java.add(new Slot(member.name().orElse("?"), offset, member.byteSize()));
            }
            offset += member.byteSize();
        }
        List<Slot> c = new ArrayList<>();
        for (BtfType.Member member : struct.members()) {
            c.add(new Slot(member.name(), member.bitOffset() / 8, btf.sizeOf(member.type())));
        }
        for (int i = 0; i < Math.min(java.size(), c.size()); i++) {
            Slot j = java.get(i);
            Slot k = c.get(i);
            if (j.offset() != k.offset() || j.size() != k.size()) {
                throw new IllegalArgumentException(prefix + "member " + (i + 1) + " is " + j + " in Java, " + k + " in the object");
            }
        }
        if (java.size() != c.size()) {
            throw new IllegalArgumentException(prefix + java.size() + " members in Java, " + c.size() + " in the object");
        }
    }

    private static String describe(Btf btf, int id) {
        return switch (btf.type(id)) {
            case BtfType.Struct s -> "struct " + (s.name().isEmpty() ? "(anonymous)" : s.name());
            case BtfType.Int i -> i.name();
            default -> "type " + id;
        };
    }
}
