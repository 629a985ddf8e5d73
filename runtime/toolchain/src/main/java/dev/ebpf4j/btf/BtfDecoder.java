package dev.ebpf4j.btf;

import dev.ebpf4j.binary.ByteReader;
import dev.ebpf4j.binary.FormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a .BTF section. Every count and offset is checked against the bytes before anything is
 * allocated for it; the result is a checked {@link Btf} (ids in range, no reference loops). Bad
 * input fails with one {@link FormatException} at its absolute offset in the file.
 *
 * <pre>{@code
 * Btf btf = BtfDecoder.decode(ByteBuffer.wrap(elf, btfOffset, btfSize), btfOffset);
 * }</pre>
 */
public final class BtfDecoder {
    private static final int HEADER_SIZE = (int) BtfFormat.HEADER.byteSize();

    private final ByteReader types;
    private final ByteReader strings;
    private final List<BtfType> decoded = new ArrayList<>();
    private int[] starts = new int[64];

    private BtfDecoder(Sections sections) {
        this.types = sections.types();
        this.strings = sections.strings();
    }

    /** Decodes a .BTF section that starts at offset 0 of the input. */
    public static Btf decode(byte[] section) {
        return decode(ByteBuffer.wrap(section), 0);
    }

    /** Decodes the .BTF section in {@code section}, whose first byte is at {@code base} in the file. */
    public static Btf decode(ByteBuffer section, long base) {
        return new BtfDecoder(sections(ByteReader.of(section, base))).decodeTypes();
    }

    /** The type and string sections of a .BTF section, after checking its header. */
    record Sections(ByteReader types, ByteReader strings) {}

    static Sections sections(ByteReader btf) {
        btf.require(HEADER_SIZE, "the BTF header");
        int magic = btf.u16();
        if (magic == Integer.reverseBytes(BtfFormat.MAGIC) >>> 16) {
            throw btf.error(0, "big-endian BTF is not supported");
        }
        if (magic != BtfFormat.MAGIC) {
            throw btf.error(0, "not BTF: magic 0x" + Integer.toHexString(magic) + " instead of 0xeb9f");
        }
        int version = btf.u8();
        if (version != BtfFormat.VERSION) {
            throw btf.error(2, "unsupported BTF version " + version + " (only 1 exists)");
        }
        int flags = btf.u8();
        if (flags != 0) {
            throw btf.error(3, "unsupported BTF header flags 0x" + Integer.toHexString(flags));
        }
        long headerLength = btf.u32();
        if (headerLength < HEADER_SIZE || headerLength > btf.size()) {
            throw btf.error(4, "BTF header length " + headerLength + " is not between " + HEADER_SIZE + " and the section size " + btf.size());
        }
        long typeOffset = btf.u32();
        long typeLength = btf.u32();
        long stringOffset = btf.u32();
        long stringLength = btf.u32();
        if (typeOffset % 4 != 0) {
            throw btf.error(8, "type section offset " + typeOffset + " is not 4-byte aligned");
        }
        if (typeLength % 4 != 0) {
            throw btf.error(12, "type section length " + typeLength + " is not a multiple of 4");
        }
        ByteReader types = btf.slice(headerLength + typeOffset, typeLength, "type section");
        ByteReader strings = btf.slice(headerLength + stringOffset, stringLength, "string section");
        if (stringLength == 0) {
            throw btf.error(20, "the string section is empty; it must at least hold the empty string");
        }
        strings.seek(0);
        if (strings.u8() != 0) {
            throw strings.error(0, "the string section must start with the empty string");
        }
        strings.seek(stringLength - 1);
        if (strings.u8() != 0) {
            throw strings.error(stringLength - 1, "the string section does not end with NUL");
        }
        return new Sections(types, strings);
    }

    private Btf decodeTypes() {
        while (types.remaining() > 0) {
            int id = decoded.size() + 1;
            if (id == starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[id] = types.position();
            BtfType type;
            try {
                type = decodeType(id);
            } catch (IllegalArgumentException e) {
                throw types.error(starts[id], "type [" + id + "]: " + e.getMessage());
            }
            decoded.add(type);
        }
        TypeGraph.Problem problem = TypeGraph.check(decoded);
        if (problem != null) {
            throw types.error(starts[problem.id()], problem.message());
        }
        return new Btf(decoded);
    }

    private BtfType decodeType(int id) {
        types.require(BtfFormat.TYPE.byteSize(), "type [" + id + "]");
        long nameOffset = types.u32();
        int info = types.s32();
        long sizeOrType = types.u32();
        int vlen = info & 0xffff;
        boolean kindFlag = info < 0;
        int kindCode = (info >>> 24) & 0x1f;
        if ((info & 0x60ff_0000) != 0) {
            throw error(id, "unused bits of the info word are set: 0x" + Integer.toHexString(info));
        }
        BtfKind kind = BtfKind.ofCode(kindCode);
        if (kind == null) {
            throw error(id, "unknown BTF kind " + kindCode);
        }
        String name = name(id, nameOffset, "name");
        switch (kind) {
            case PTR, ARRAY, VOLATILE, CONST, RESTRICT, FUNC_PROTO -> requireAnonymous(id, kind, name);
            default -> { }
        }
        switch (kind) {
            case STRUCT, UNION, ENUM, ENUM64, FWD -> { }
            default -> {
                if (kindFlag) {
                    throw error(id, kind + " must not set the kind flag");
                }
            }
        }
        switch (kind) {
            case STRUCT, UNION, ENUM, ENUM64, FUNC, FUNC_PROTO, DATASEC -> { }
            default -> {
                if (vlen != 0) {
                    throw error(id, kind + " must have vlen 0, not " + vlen);
                }
            }
        }
        return switch (kind) {
            case INT -> {
                int extra = types.s32();
                if ((extra & 0xf000_ff00) != 0) {
                    throw error(id, "unused bits of the INT word are set: 0x" + Integer.toHexString(extra));
                }
                yield new BtfType.Int(name, sizeOrType, intEncoding(id, (extra >>> 24) & 0xf), (extra >>> 16) & 0xff, extra & 0xff);
            }
            case PTR -> new BtfType.Ptr(typeId(id, sizeOrType));
            case ARRAY -> {
                if (sizeOrType != 0) {
                    throw error(id, "ARRAY must have size 0, not " + sizeOrType);
                }
                int element = typeId(id, types.u32());
                int index = typeId(id, types.u32());
                yield new BtfType.Array(element, index, types.u32());
            }
            case STRUCT -> new BtfType.Struct(name, sizeOrType, members(id, vlen, kindFlag), kindFlag);
            case UNION -> new BtfType.Union(name, sizeOrType, members(id, vlen, kindFlag), kindFlag);
            case ENUM -> {
                types.require(vlen * BtfFormat.ENUM.byteSize(), "values of type [" + id + "]");
                List<BtfType.Enumerator> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    values.add(new BtfType.Enumerator(name(id, types.u32(), "value name"), types.s32()));
                }
                yield new BtfType.Enum(name, sizeOrType, kindFlag, values);
            }
            case ENUM64 -> {
                types.require(vlen * BtfFormat.ENUM64.byteSize(), "values of type [" + id + "]");
                List<BtfType.Enumerator64> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    String valueName = name(id, types.u32(), "value name");
                    long low = types.u32();
                    long high = types.u32();
                    values.add(new BtfType.Enumerator64(valueName, high << 32 | low));
                }
                yield new BtfType.Enum64(name, sizeOrType, kindFlag, values);
            }
            case FWD -> {
                if (sizeOrType != 0) {
                    throw error(id, "FWD must have size 0, not " + sizeOrType);
                }
                yield new BtfType.Fwd(name, kindFlag ? BtfType.FwdKind.UNION : BtfType.FwdKind.STRUCT);
            }
            case TYPEDEF -> new BtfType.Typedef(name, typeId(id, sizeOrType));
            case VOLATILE -> new BtfType.Volatile(typeId(id, sizeOrType));
            case CONST -> new BtfType.Const(typeId(id, sizeOrType));
            case RESTRICT -> new BtfType.Restrict(typeId(id, sizeOrType));
            case FUNC -> {
                if (vlen > 2) {
                    throw error(id, "FUNC linkage " + vlen + " is not static (0), global (1) or extern (2)");
                }
                yield new BtfType.Func(name, typeId(id, sizeOrType), BtfType.FuncLinkage.values()[vlen]);
            }
            case FUNC_PROTO -> {
                int returnType = typeId(id, sizeOrType);
                types.require(vlen * BtfFormat.PARAM.byteSize(), "parameters of type [" + id + "]");
                List<BtfType.Param> params = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    String paramName = name(id, types.u32(), "parameter name");
                    params.add(new BtfType.Param(paramName, typeId(id, types.u32())));
                }
                yield new BtfType.FuncProto(returnType, params);
            }
            case VAR -> {
                int type = typeId(id, sizeOrType);
                long linkage = types.u32();
                if (linkage > 2) {
                    throw error(id, "VAR linkage " + linkage + " is not static (0), global (1) or extern (2)");
                }
                yield new BtfType.Var(name, type, BtfType.VarLinkage.values()[(int) linkage]);
            }
            case DATASEC -> {
                types.require(vlen * BtfFormat.VAR_SECINFO.byteSize(), "variables of type [" + id + "]");
                List<BtfType.VarSecinfo> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int type = typeId(id, types.u32());
                    long offset = types.u32();
                    vars.add(new BtfType.VarSecinfo(type, offset, types.u32()));
                }
                yield new BtfType.Datasec(name, sizeOrType, vars);
            }
            case FLOAT -> new BtfType.Float(name, sizeOrType);
            case DECL_TAG -> {
                int type = typeId(id, sizeOrType);
                int component = types.s32();
                if (component < -1) {
                    throw error(id, "DECL_TAG component index " + component + " is below -1");
                }
                yield new BtfType.DeclTag(name, type, component);
            }
            case TYPE_TAG -> new BtfType.TypeTag(name, typeId(id, sizeOrType));
        };
    }

    private List<BtfType.Member> members(int id, int vlen, boolean kindFlag) {
        types.require(vlen * BtfFormat.MEMBER.byteSize(), "members of type [" + id + "]");
        List<BtfType.Member> members = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            String name = name(id, types.u32(), "member name");
            int type = typeId(id, types.u32());
            long offset = types.u32();
            members.add(kindFlag
                    ? new BtfType.Member(name, type, offset & 0xff_ffff, (int) (offset >>> 24))
                    : new BtfType.Member(name, type, offset, 0));
        }
        return members;
    }

    private BtfType.IntEncoding intEncoding(int id, int bits) {
        for (BtfType.IntEncoding e : BtfType.IntEncoding.values()) {
            if (e.bits() == bits) {
                return e;
            }
        }
        throw error(id, "INT encoding " + bits + " is not one of none (0), signed (1), char (2), bool (4)");
    }

    private int typeId(int id, long value) {
        if (value > Integer.MAX_VALUE) {
            throw error(id, "type id " + value + " is too large");
        }
        return (int) value;
    }

    private String name(int id, long offset, String what) {
        if (offset >= strings.size()) {
            throw error(id, what + " offset " + offset + " is outside the " + strings.size() + "-byte string section");
        }
        return strings.cString(offset, what + " of type [" + id + "]");
    }

    private void requireAnonymous(int id, BtfKind kind, String name) {
        if (!name.isEmpty()) {
            throw error(id, kind + " must be anonymous but is named '" + name + "'");
        }
    }

    private FormatException error(int id, String problem) {
        return types.error(starts[id], "type [" + id + "]: " + problem);
    }
}
