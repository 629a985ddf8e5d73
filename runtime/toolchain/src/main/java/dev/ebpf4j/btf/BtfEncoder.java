package dev.ebpf4j.btf;

/**
 * Writes .BTF (and .BTF.ext, whose strings live in .BTF's string table) as section bytes:
 * little-endian, header length 24, the type section first, then a deduplicated string section
 * that starts with the empty string. {@code BtfDecoder.decode(BtfEncoder.encode(btf))} equals
 * {@code btf}.
 *
 * <pre>{@code
 * BtfEncoder.Sections s = BtfEncoder.encode(btf, ext);
 * elf.addSection(".BTF", s.btf());
 * elf.addSection(".BTF.ext", s.btfExt());
 * }</pre>
 */
public final class BtfEncoder {
    private static final int HEADER_SIZE = (int) BtfFormat.HEADER.byteSize();

    /** The bytes of both sections, sharing one string table. */
    public record Sections(byte[] btf, byte[] btfExt) {}

    private BtfEncoder() {}

    public static byte[] encode(Btf btf) {
        StringTable strings = new StringTable();
        byte[] types = encodeTypes(btf, strings);
        return assemble(types, strings.toByteArray());
    }

    /** Encodes {@code btf} and {@code ext}; the strings .BTF.ext names are added to .BTF's string table. */
    public static Sections encode(Btf btf, BtfExt ext) {
        StringTable strings = new StringTable();
        byte[] types = encodeTypes(btf, strings);
        byte[] extBytes = BtfExtEncoder.encode(ext, strings);
        return new Sections(assemble(types, strings.toByteArray()), extBytes);
    }

    private static byte[] assemble(byte[] types, byte[] strings) {
        ByteSink out = new ByteSink();
        out.u16(BtfFormat.MAGIC).u8(BtfFormat.VERSION).u8(0).u32(HEADER_SIZE);
        out.u32(0).u32(types.length).u32(types.length).u32(strings.length);
        return out.bytes(types).bytes(strings).toByteArray();
    }

    private static byte[] encodeTypes(Btf btf, StringTable strings) {
        ByteSink out = new ByteSink();
        for (BtfType type : btf.types()) {
            encode(type, strings, out);
        }
        return out.toByteArray();
    }

    private static void header(ByteSink out, StringTable strings, BtfType type, int vlen, boolean kindFlag, long sizeOrType) {
        out.u32(strings.add(type.name())).u32(BtfFormat.info(type.kind(), vlen, kindFlag)).u32(sizeOrType);
    }

    private static void encode(BtfType type, StringTable strings, ByteSink out) {
        switch (type) {
            case BtfType.Int t -> {
                header(out, strings, t, 0, false, t.size());
                out.u32((long) t.encoding().bits() << 24 | (long) t.offset() << 16 | t.bits());
            }
            case BtfType.Ptr t -> header(out, strings, t, 0, false, t.type());
            case BtfType.Array t -> {
                header(out, strings, t, 0, false, 0);
                out.u32(t.elementType()).u32(t.indexType()).u32(t.count());
            }
            case BtfType.Struct t -> {
                header(out, strings, t, t.members().size(), t.kindFlag(), t.size());
                members(t.members(), t.kindFlag(), strings, out);
            }
            case BtfType.Union t -> {
                header(out, strings, t, t.members().size(), t.kindFlag(), t.size());
                members(t.members(), t.kindFlag(), strings, out);
            }
            case BtfType.Enum t -> {
                header(out, strings, t, t.values().size(), t.signed(), t.size());
                for (BtfType.Enumerator e : t.values()) {
                    out.u32(strings.add(e.name())).u32(e.value());
                }
            }
            case BtfType.Enum64 t -> {
                header(out, strings, t, t.values().size(), t.signed(), t.size());
                for (BtfType.Enumerator64 e : t.values()) {
                    out.u32(strings.add(e.name())).u32(e.value()).u32(e.value() >>> 32);
                }
            }
            case BtfType.Fwd t -> header(out, strings, t, 0, t.fwdKind() == BtfType.FwdKind.UNION, 0);
            case BtfType.Typedef t -> header(out, strings, t, 0, false, t.type());
            case BtfType.Volatile t -> header(out, strings, t, 0, false, t.type());
            case BtfType.Const t -> header(out, strings, t, 0, false, t.type());
            case BtfType.Restrict t -> header(out, strings, t, 0, false, t.type());
            case BtfType.Func t -> header(out, strings, t, t.linkage().ordinal(), false, t.type());
            case BtfType.FuncProto t -> {
                header(out, strings, t, t.params().size(), false, t.returnType());
                for (BtfType.Param p : t.params()) {
                    out.u32(strings.add(p.name())).u32(p.type());
                }
            }
            case BtfType.Var t -> {
                header(out, strings, t, 0, false, t.type());
                out.u32(t.linkage().ordinal());
            }
            case BtfType.Datasec t -> {
                header(out, strings, t, t.vars().size(), false, t.size());
                for (BtfType.VarSecinfo v : t.vars()) {
                    out.u32(v.type()).u32(v.offset()).u32(v.size());
                }
            }
            case BtfType.Float t -> header(out, strings, t, 0, false, t.size());
            case BtfType.DeclTag t -> {
                header(out, strings, t, 0, false, t.type());
                out.u32(t.componentIndex());
            }
            case BtfType.TypeTag t -> header(out, strings, t, 0, false, t.type());
        }
    }

    private static void members(java.util.List<BtfType.Member> members, boolean kindFlag, StringTable strings, ByteSink out) {
        for (BtfType.Member m : members) {
            out.u32(strings.add(m.name())).u32(m.type());
            out.u32(kindFlag ? (long) m.bitfieldSize() << 24 | m.bitOffset() : m.bitOffset());
        }
    }
}
