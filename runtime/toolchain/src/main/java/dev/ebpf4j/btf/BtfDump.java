package dev.ebpf4j.btf;

/**
 * Prints BTF exactly as {@code bpftool btf dump file OBJ} (format raw) does, one type per line with
 * tab-indented members, so the two can be compared line for line.
 *
 * <pre>{@code
 * System.out.print(BtfDump.dump(btf));
 * // [1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED
 * // [2] STRUCT 'x' size=8 vlen=2
 * // 	'a' type_id=1 bits_offset=0
 * }</pre>
 */
public final class BtfDump {
    private BtfDump() {}

    public static String dump(Btf btf) {
        StringBuilder out = new StringBuilder();
        for (int id = 1; id <= btf.typeCount(); id++) {
            line(btf, id, out);
        }
        return out.toString();
    }

    /** The dump of one type, with a trailing newline. */
    public static String dump(Btf btf, int id) {
        StringBuilder out = new StringBuilder();
        line(btf, id, out);
        return out.toString();
    }

    private static void line(Btf btf, int id, StringBuilder out) {
        BtfType type = btf.type(id);
        out.append('[').append(id).append("] ").append(type.kind()).append(' ').append(quoted(type.name()));
        switch (type) {
            case BtfType.Int t -> out.append(" size=").append(t.size()).append(" bits_offset=").append(t.offset())
                    .append(" nr_bits=").append(t.bits()).append(" encoding=").append(switch (t.encoding()) {
                        case NONE -> "(none)";
                        case SIGNED -> "SIGNED";
                        case CHAR -> "CHAR";
                        case BOOL -> "BOOL";
                    });
            case BtfType.Ptr t -> typeId(out, t.type());
            case BtfType.Const t -> typeId(out, t.type());
            case BtfType.Volatile t -> typeId(out, t.type());
            case BtfType.Restrict t -> typeId(out, t.type());
            case BtfType.Typedef t -> typeId(out, t.type());
            case BtfType.TypeTag t -> typeId(out, t.type());
            case BtfType.Array t -> out.append(" type_id=").append(t.elementType()).append(" index_type_id=").append(t.indexType())
                    .append(" nr_elems=").append(t.count());
            case BtfType.Struct t -> members(out, t.size(), t.members());
            case BtfType.Union t -> members(out, t.size(), t.members());
            case BtfType.Enum t -> {
                enumHeader(out, t.signed(), t.size(), t.values().size());
                for (BtfType.Enumerator e : t.values()) {
                    out.append("\n\t").append(quoted(e.name())).append(" val=")
                            .append(t.signed() ? Integer.toString(e.value()) : Integer.toUnsignedString(e.value()));
                }
            }
            case BtfType.Enum64 t -> {
                enumHeader(out, t.signed(), t.size(), t.values().size());
                for (BtfType.Enumerator64 e : t.values()) {
                    out.append("\n\t").append(quoted(e.name())).append(" val=")
                            .append(t.signed() ? e.value() + "LL" : Long.toUnsignedString(e.value()) + "ULL");
                }
            }
            case BtfType.Fwd t -> out.append(" fwd_kind=").append(t.fwdKind() == BtfType.FwdKind.UNION ? "union" : "struct");
            case BtfType.Func t -> out.append(" type_id=").append(t.type()).append(" linkage=").append(linkage(t.linkage().ordinal()));
            case BtfType.FuncProto t -> {
                out.append(" ret_type_id=").append(t.returnType()).append(" vlen=").append(t.params().size());
                for (BtfType.Param p : t.params()) {
                    out.append("\n\t").append(quoted(p.name())).append(" type_id=").append(p.type());
                }
            }
            case BtfType.Var t -> out.append(" type_id=").append(t.type()).append(", linkage=").append(linkage(t.linkage().ordinal()));
            case BtfType.Datasec t -> {
                out.append(" size=").append(t.size()).append(" vlen=").append(t.vars().size());
                for (BtfType.VarSecinfo v : t.vars()) {
                    out.append("\n\ttype_id=").append(v.type()).append(" offset=").append(v.offset()).append(" size=").append(v.size());
                    if (v.type() == 0) {
                        out.append(" (UNKNOWN '(anon)')");
                    } else {
                        BtfType target = btf.type(v.type());
                        out.append(" (").append(target.kind()).append(' ').append(quoted(target.name())).append(')');
                    }
                }
            }
            case BtfType.Float t -> out.append(" size=").append(t.size());
            case BtfType.DeclTag t -> out.append(" type_id=").append(t.type()).append(" component_idx=").append(t.componentIndex());
        }
        out.append('\n');
    }

    private static void typeId(StringBuilder out, int type) {
        out.append(" type_id=").append(type);
    }

    private static void members(StringBuilder out, long size, java.util.List<BtfType.Member> members) {
        out.append(" size=").append(size).append(" vlen=").append(members.size());
        for (BtfType.Member m : members) {
            out.append("\n\t").append(quoted(m.name())).append(" type_id=").append(m.type()).append(" bits_offset=").append(m.bitOffset());
            if (m.bitfieldSize() != 0) {
                out.append(" bitfield_size=").append(m.bitfieldSize());
            }
        }
    }

    private static void enumHeader(StringBuilder out, boolean signed, long size, int vlen) {
        out.append(" encoding=").append(signed ? "SIGNED" : "UNSIGNED").append(" size=").append(size).append(" vlen=").append(vlen);
    }

    /** bpftool's spelling of both FUNC and VAR linkages (0 static, 1 global, 2 extern). */
    private static String linkage(int linkage) {
        return switch (linkage) {
            case 0 -> "static";
            case 1 -> "global";
            default -> "extern";
        };
    }

    private static String quoted(String name) {
        return name.isEmpty() ? "'(anon)'" : "'" + name + "'";
    }
}
