package dev.ebpf4j.btf;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Formats the bytes of a value through its BTF type, as {@code bpftool map dump} prints values of
 * maps with BTF: integers in decimal (bitfields, 128-bit and odd-width integers in hex), chars as
 * {@code "c"}, bools as {@code true}/{@code false}, {@code char} arrays holding a NUL-terminated
 * printable string as a string, other arrays as {@code [1,2]}, structs and unions as objects of
 * their members, enums by enumerator name (the number when none matches), pointers in hex
 * ({@code (nil)} for null), typedefs and qualifiers followed, and data sections as
 * {@code {"name": [{"var": value}, ...]}}.
 *
 * <p>Where bpftool gives up, this prints a value instead: floats as numbers (bpftool prints
 * {@code (unsupported-kind)}), and a backslash in a string as {@code \\} rather than bpftool's
 * {@code \n}. Little-endian data only, as on every BPF target we load for.
 *
 * <pre>{@code
 * BtfValueFormatter f = new BtfValueFormatter(btf);
 * f.format(statsId, bytes);      // {\n    "packets": 1,\n    "bytes": 95\n}
 * }</pre>
 */
public final class BtfValueFormatter {
    private final Btf btf;

    public BtfValueFormatter(Btf btf) {
        this.btf = btf;
    }

    /** The value of type {@code typeId} held in {@code data}, laid out on its own. */
    public String format(int typeId, byte[] data) {
        PlainJsonWriter out = new PlainJsonWriter();
        write(out, typeId, data, 0);
        return out.take();
    }

    /**
     * Writes the value of type {@code typeId} at {@code offset} in {@code data} as the next value of
     * {@code out}.
     *
     * @throws BtfException if the type does not exist, has no size, or does not fit in the data
     */
    public void write(PlainJsonWriter out, int typeId, byte[] data, int offset) {
        long size = typeId == 0 ? 0 : btf.sizeOf(typeId);
        if (offset < 0 || size > data.length - (long) offset) {
            throw new BtfException("a value of " + describe(typeId) + " needs " + size + " bytes, but "
                    + Math.max(0, data.length - offset) + " are there");
        }
        value(out, typeId, 0, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), offset);
    }

    /** One value; {@code bitOffset} (0 to 7) is where an integer starts inside its first byte. */
    private void value(PlainJsonWriter out, int typeId, int bitOffset, ByteBuffer data, int at) {
        if (typeId == 0) {
            out.raw("(unknown)");
            return;
        }
        switch (btf.type(typeId)) {
            case BtfType.Int t -> integer(out, t, bitOffset, data, at);
            case BtfType.Struct t -> members(out, t.members(), data, at);
            case BtfType.Union t -> members(out, t.members(), data, at);
            case BtfType.Array t -> array(out, t, data, at);
            case BtfType.Enum t -> enumeration(out, t, data, at);
            case BtfType.Enum64 t -> enumeration64(out, t, data, at);
            case BtfType.Ptr t -> {
                long address = data.getLong(at);
                out.raw(address == 0 ? "(nil)" : "0x" + Long.toHexString(address));
            }
            case BtfType.Typedef t -> value(out, t.type(), bitOffset, data, at);
            case BtfType.Const t -> value(out, t.type(), bitOffset, data, at);
            case BtfType.Volatile t -> value(out, t.type(), bitOffset, data, at);
            case BtfType.Restrict t -> value(out, t.type(), bitOffset, data, at);
            case BtfType.TypeTag t -> value(out, t.type(), bitOffset, data, at);
            case BtfType.Var t -> {
                out.startObject();
                out.name(t.name());
                value(out, t.type(), bitOffset, data, at);
                out.endObject();
            }
            case BtfType.Datasec t -> {
                out.startObject();
                out.name(t.name());
                out.startArray();
                for (BtfType.VarSecinfo v : t.vars()) {
                    value(out, v.type(), 0, data, at + (int) v.offset());
                }
                out.endArray();
                out.endObject();
            }
            case BtfType.Float t -> out.raw(t.size() == 4 ? String.valueOf(data.getFloat(at))
                    : t.size() == 8 ? String.valueOf(data.getDouble(at)) : "(unsupported-kind)");
            case BtfType.Fwd t -> out.raw("(fwd-kind-invalid)");
            case BtfType.Func t -> out.raw("(unsupported-kind)");
            case BtfType.FuncProto t -> out.raw("(unsupported-kind)");
            case BtfType.DeclTag t -> out.raw("(unsupported-kind)");
        }
    }

    private void integer(PlainJsonWriter out, BtfType.Int t, int bitOffset, ByteBuffer data, int at) {
        int bits = t.bits();
        if (bitOffset != 0 || t.offset() != 0 || bits % 8 != 0) {
            int total = bitOffset + t.offset();
            out.raw(bitfield(data, at + total / 8, total % 8, bits));
            return;
        }
        if (bits == 128) {
            out.raw(bitfield(data, at, 0, 128));
            return;
        }
        switch (t.encoding()) {
            case NONE -> out.raw(switch (bits) {
                case 64 -> Long.toUnsignedString(data.getLong(at));
                case 32 -> Integer.toUnsignedString(data.getInt(at));
                case 16 -> String.valueOf(Short.toUnsignedInt(data.getShort(at)));
                case 8 -> String.valueOf(Byte.toUnsignedInt(data.get(at)));
                default -> bitfield(data, at, 0, bits);
            });
            case SIGNED -> out.raw(switch (bits) {
                case 64 -> String.valueOf(data.getLong(at));
                case 32 -> String.valueOf(data.getInt(at));
                case 16 -> String.valueOf(data.getShort(at));
                case 8 -> String.valueOf(data.get(at));
                default -> bitfield(data, at, 0, bits);
            });
            case CHAR -> {
                int c = Byte.toUnsignedInt(data.get(at));
                if (printable(c)) {
                    out.raw("\"" + (char) c + "\"");
                } else {
                    out.raw("0x" + Integer.toHexString(c));
                }
            }
            case BOOL -> out.raw(data.get(at) != 0 ? "true" : "false");
        }
    }

    /** {@code bits} bits starting {@code bitOffset} bits into byte {@code at}, in hex as bpftool prints bitfields. */
    private static String bitfield(ByteBuffer data, int at, int bitOffset, int bits) {
        int bytes = (bitOffset + bits + 7) / 8;
        byte[] bigEndian = new byte[bytes + 1]; // a leading zero keeps the number positive
        for (int i = 0; i < bytes; i++) {
            bigEndian[bytes - i] = data.get(at + i);
        }
        BigInteger value = new BigInteger(bigEndian).shiftRight(bitOffset)
                .and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        return "0x" + value.toString(16);
    }

    private void members(PlainJsonWriter out, java.util.List<BtfType.Member> members, ByteBuffer data, int at) {
        out.startObject();
        for (BtfType.Member m : members) {
            out.name(m.name());
            int byteAt = at + (int) (m.bitOffset() / 8);
            int bitOffset = (int) (m.bitOffset() % 8);
            if (m.bitfieldSize() != 0) {
                out.raw(bitfield(data, byteAt, bitOffset, m.bitfieldSize()));
            } else {
                value(out, m.type(), bitOffset, data, byteAt);
            }
        }
        out.endObject();
    }

    private void array(PlainJsonWriter out, BtfType.Array t, ByteBuffer data, int at) {
        String text = string(t, data, at);
        if (text != null) {
            out.string(text);
            return;
        }
        int elementSize = (int) btf.sizeOf(t.elementType());
        out.startArray();
        for (long i = 0; i < t.count(); i++) {
            value(out, t.elementType(), 0, data, at + (int) (i * elementSize));
        }
        out.endArray();
    }

    /**
     * The string a char array holds, or null: bpftool shows an array of {@code char} (or of a
     * CHAR-encoded byte, through qualifiers but not typedefs) as a string when it holds printable
     * characters up to a NUL.
     */
    private String string(BtfType.Array t, ByteBuffer data, int at) {
        if (t.count() == 0) {
            return null;
        }
        int element = t.elementType();
        while (element != 0 && isModifier(btf.type(element))) {
            element = referenced(btf.type(element));
        }
        if (element == 0 || !(btf.type(element) instanceof BtfType.Int i) || i.size() != 1
                || (i.encoding() != BtfType.IntEncoding.CHAR && !i.name().equals("char"))) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (long k = 0; k < t.count(); k++) {
            int c = data.get(at + (int) k);
            if (c == 0) {
                return text.toString();
            }
            if (c <= 0x1f || c >= 0x7f) {
                return null;
            }
            text.append((char) c);
        }
        return null;
    }

    private static boolean isModifier(BtfType type) {
        return type instanceof BtfType.Const || type instanceof BtfType.Volatile || type instanceof BtfType.Restrict
                || type instanceof BtfType.TypeTag;
    }

    private static int referenced(BtfType type) {
        return switch (type) {
            case BtfType.Const t -> t.type();
            case BtfType.Volatile t -> t.type();
            case BtfType.Restrict t -> t.type();
            case BtfType.TypeTag t -> t.type();
            default -> 0;
        };
    }

    private void enumeration(PlainJsonWriter out, BtfType.Enum t, ByteBuffer data, int at) {
        long value = switch ((int) t.size()) {
            case 8 -> data.getLong(at);
            case 4 -> data.getInt(at);
            case 2 -> data.getShort(at);
            case 1 -> data.get(at);
            default -> throw new BtfException("ENUM '" + t.name() + "' has size " + t.size() + ", not 1, 2, 4 or 8");
        };
        for (BtfType.Enumerator e : t.values()) {
            if (e.value() == value) {
                out.string(e.name());
                return;
            }
        }
        out.raw(String.valueOf(value));
    }

    private void enumeration64(PlainJsonWriter out, BtfType.Enum64 t, ByteBuffer data, int at) {
        long value = data.getLong(at);
        for (BtfType.Enumerator64 e : t.values()) {
            if (e.value() == value) {
                out.string(e.name());
                return;
            }
        }
        out.raw(String.valueOf(value));
    }

    private static boolean printable(int c) {
        return c >= 0x20 && c < 0x7f;
    }

    private String describe(int typeId) {
        if (typeId == 0) {
            return "void";
        }
        BtfType t = btf.type(typeId);
        return "type [" + typeId + "] " + t.kind() + (t.name().isEmpty() ? "" : " '" + t.name() + "'");
    }
}
