package dev.ebpf4j.btf;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a BTF type section. Types refer to each other by id: the position in the section,
 * counting from 1; id 0 is {@code void}. Every record accepts exactly what the section format can
 * encode (u32 sizes, 24-bit bit offsets under the kind flag, …) and rejects the rest with an
 * {@link IllegalArgumentException}, so any value can be encoded and decodes back equal.
 *
 * <pre>{@code
 * Btf.Builder b = Btf.builder();
 * int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
 * int v = b.add(BtfType.Struct.of("v", 8, new BtfType.Member("a", u32, 0), new BtfType.Member("b", u32, 32)));
 * }</pre>
 */
public sealed interface BtfType {
    /** The type's name; {@code ""} for an anonymous type and for kinds that never have one. */
    String name();

    BtfKind kind();

    /** INT: {@code bits} significant bits starting {@code offset} bits into {@code size} bytes. */
    record Int(String name, long size, IntEncoding encoding, int offset, int bits) implements BtfType {
        public Int {
            name = named(name);
            checkU32(size, "INT size");
            Objects.requireNonNull(encoding, "encoding");
            check(offset >= 0 && offset <= 0xff, "INT bit offset must fit 8 bits: " + offset);
            check(bits >= 0 && bits <= 0xff, "INT bit count must fit 8 bits: " + bits);
        }

        public BtfKind kind() {
            return BtfKind.INT;
        }
    }

    /** How an INT is to be printed and extended; BTF allows at most one of these per INT. */
    enum IntEncoding {
        NONE(0), SIGNED(1), CHAR(2), BOOL(4);

        private final int bits;

        IntEncoding(int bits) {
            this.bits = bits;
        }

        /** The value of the encoding field (bits 24–27 of an INT's extra word). */
        public int bits() {
            return bits;
        }
    }

    record Ptr(int type) implements BtfType {
        public Ptr {
            checkId(type);
        }

        public String name() {
            return "";
        }

        public BtfKind kind() {
            return BtfKind.PTR;
        }
    }

    /** ARRAY: {@code count} elements of {@code elementType}; {@code indexType} is an INT clang names {@code __ARRAY_SIZE_TYPE__}. */
    record Array(int elementType, int indexType, long count) implements BtfType {
        public Array {
            checkId(elementType);
            checkId(indexType);
            checkU32(count, "ARRAY element count");
        }

        public String name() {
            return "";
        }

        public BtfKind kind() {
            return BtfKind.ARRAY;
        }
    }

    /**
     * A STRUCT or UNION member at {@code bitOffset} bits; {@code bitfieldSize} is non-zero for a
     * bitfield, which needs the owner's kind flag.
     */
    record Member(String name, int type, long bitOffset, int bitfieldSize) {
        public Member {
            name = named(name);
            checkId(type);
            checkU32(bitOffset, "member bit offset");
            check(bitfieldSize >= 0 && bitfieldSize <= 0xff, "bitfield size must fit 8 bits: " + bitfieldSize);
        }

        public Member(String name, int type, long bitOffset) {
            this(name, type, bitOffset, 0);
        }
    }

    /**
     * STRUCT. With {@code kindFlag} set each member's offset word holds a 24-bit bit offset and an
     * 8-bit bitfield size (what clang emits when a struct has bitfields); without it, no bitfields.
     */
    record Struct(String name, long size, List<Member> members, boolean kindFlag) implements BtfType {
        public Struct {
            name = named(name);
            checkU32(size, "STRUCT size");
            members = checkMembers(members, kindFlag);
        }

        /** A struct whose kind flag is set exactly when one of its members is a bitfield. */
        public static Struct of(String name, long size, Member... members) {
            return new Struct(name, size, List.of(members), anyBitfield(members));
        }

        public BtfKind kind() {
            return BtfKind.STRUCT;
        }
    }

    /** UNION: like {@link Struct}. */
    record Union(String name, long size, List<Member> members, boolean kindFlag) implements BtfType {
        public Union {
            name = named(name);
            checkU32(size, "UNION size");
            members = checkMembers(members, kindFlag);
        }

        public static Union of(String name, long size, Member... members) {
            return new Union(name, size, List.of(members), anyBitfield(members));
        }

        public BtfKind kind() {
            return BtfKind.UNION;
        }
    }

    /** An ENUM value: the raw 32 bits, read as signed or unsigned according to the enum. */
    record Enumerator(String name, int value) {
        public Enumerator {
            name = named(name);
        }
    }

    /** ENUM of {@code size} bytes; {@code signed} is the kind flag. */
    record Enum(String name, long size, boolean signed, List<Enumerator> values) implements BtfType {
        public Enum {
            name = named(name);
            checkU32(size, "ENUM size");
            values = checkVlen(values, "ENUM values");
        }

        /** The value of enumerator {@code index} as C reads it. */
        public long valueOf(int index) {
            int raw = values.get(index).value();
            return signed ? raw : Integer.toUnsignedLong(raw);
        }

        public BtfKind kind() {
            return BtfKind.ENUM;
        }
    }

    /** An ENUM64 value: the raw 64 bits. */
    record Enumerator64(String name, long value) {
        public Enumerator64 {
            name = named(name);
        }
    }

    record Enum64(String name, long size, boolean signed, List<Enumerator64> values) implements BtfType {
        public Enum64 {
            name = named(name);
            checkU32(size, "ENUM64 size");
            values = checkVlen(values, "ENUM64 values");
        }

        public BtfKind kind() {
            return BtfKind.ENUM64;
        }
    }

    enum FwdKind { STRUCT, UNION }

    /** FWD: a struct or union declared but not defined. */
    record Fwd(String name, FwdKind fwdKind) implements BtfType {
        public Fwd {
            name = named(name);
            Objects.requireNonNull(fwdKind, "fwdKind");
        }

        public BtfKind kind() {
            return BtfKind.FWD;
        }
    }

    record Typedef(String name, int type) implements BtfType {
        public Typedef {
            name = named(name);
            checkId(type);
        }

        public BtfKind kind() {
            return BtfKind.TYPEDEF;
        }
    }

    record Volatile(int type) implements BtfType {
        public Volatile {
            checkId(type);
        }

        public String name() {
            return "";
        }

        public BtfKind kind() {
            return BtfKind.VOLATILE;
        }
    }

    record Const(int type) implements BtfType {
        public Const {
            checkId(type);
        }

        public String name() {
            return "";
        }

        public BtfKind kind() {
            return BtfKind.CONST;
        }
    }

    record Restrict(int type) implements BtfType {
        public Restrict {
            checkId(type);
        }

        public String name() {
            return "";
        }

        public BtfKind kind() {
            return BtfKind.RESTRICT;
        }
    }

    /** A FUNC's linkage, stored in its vlen field. */
    enum FuncLinkage { STATIC, GLOBAL, EXTERN }

    /** FUNC: a function named {@code name} whose type is the FUNC_PROTO {@code type}. */
    record Func(String name, int type, FuncLinkage linkage) implements BtfType {
        public Func {
            name = named(name);
            checkId(type);
            Objects.requireNonNull(linkage, "linkage");
        }

        public BtfKind kind() {
            return BtfKind.FUNC;
        }
    }

    /** A FUNC_PROTO parameter; the last parameter of a variadic prototype is {@code ("", 0)}. */
    record Param(String name, int type) {
        public Param {
            name = named(name);
            checkId(type);
        }

        /** The marker C's {@code ...} becomes. */
        public static final Param VARARGS = new Param("", 0);
    }

    /** FUNC_PROTO: return type (0 for void) and parameters. */
    record FuncProto(int returnType, List<Param> params) implements BtfType {
        public FuncProto {
            checkId(returnType);
            params = checkVlen(params, "FUNC_PROTO parameters");
        }

        public boolean variadic() {
            return !params.isEmpty() && params.getLast().equals(Param.VARARGS);
        }

        public String name() {
            return "";
        }

        public BtfKind kind() {
            return BtfKind.FUNC_PROTO;
        }
    }

    /** A VAR's linkage: {@code GLOBAL} is libbpf's "global allocated". */
    enum VarLinkage { STATIC, GLOBAL, EXTERN }

    record Var(String name, int type, VarLinkage linkage) implements BtfType {
        public Var {
            name = named(name);
            checkId(type);
            Objects.requireNonNull(linkage, "linkage");
        }

        public BtfKind kind() {
            return BtfKind.VAR;
        }
    }

    /** A variable placed in a DATASEC: the VAR's id, its byte offset in the section and its size. */
    record VarSecinfo(int type, long offset, long size) {
        public VarSecinfo {
            checkId(type);
            checkU32(offset, "variable offset");
            checkU32(size, "variable size");
        }
    }

    /** DATASEC: an ELF section ({@code .data}, {@code .maps}, …) of {@code size} bytes and its variables. */
    record Datasec(String name, long size, List<VarSecinfo> vars) implements BtfType {
        public Datasec {
            name = named(name);
            checkU32(size, "DATASEC size");
            vars = checkVlen(vars, "DATASEC variables");
        }

        public BtfKind kind() {
            return BtfKind.DATASEC;
        }
    }

    record Float(String name, long size) implements BtfType {
        public Float {
            name = named(name);
            checkU32(size, "FLOAT size");
        }

        public BtfKind kind() {
            return BtfKind.FLOAT;
        }
    }

    /**
     * DECL_TAG: {@code btf_decl_tag(name)} on {@code type} itself ({@code componentIndex} -1) or on
     * its member or parameter number {@code componentIndex}.
     */
    record DeclTag(String name, int type, int componentIndex) implements BtfType {
        public DeclTag {
            name = named(name);
            checkId(type);
            check(componentIndex >= -1, "DECL_TAG component index must be -1 or more: " + componentIndex);
        }

        public BtfKind kind() {
            return BtfKind.DECL_TAG;
        }
    }

    /** TYPE_TAG: {@code btf_type_tag(name)} applied to {@code type}. */
    record TypeTag(String name, int type) implements BtfType {
        public TypeTag {
            name = named(name);
            checkId(type);
        }

        public BtfKind kind() {
            return BtfKind.TYPE_TAG;
        }
    }

    private static String named(String name) {
        return Objects.requireNonNull(name, "name (use \"\" for an anonymous type)");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void checkId(int id) {
        check(id >= 0, "type id must not be negative: " + id);
    }

    private static void checkU32(long value, String what) {
        check(value >= 0 && value <= 0xffff_ffffL, what + " must fit 32 unsigned bits: " + value);
    }

    private static <T> List<T> checkVlen(List<T> list, String what) {
        List<T> copy = List.copyOf(list);
        check(copy.size() <= 0xffff, what + " are limited to 65535: " + copy.size());
        return copy;
    }

    private static List<Member> checkMembers(List<Member> members, boolean kindFlag) {
        List<Member> copy = checkVlen(members, "members");
        for (Member m : copy) {
            if (kindFlag) {
                check(m.bitOffset() <= 0xff_ffff, "member '" + m.name() + "' bit offset must fit 24 bits under the kind flag: " + m.bitOffset());
            } else {
                check(m.bitfieldSize() == 0, "bitfield member '" + m.name() + "' needs the kind flag");
            }
        }
        return copy;
    }

    private static boolean anyBitfield(Member... members) {
        for (Member m : members) {
            if (m.bitfieldSize() != 0) {
                return true;
            }
        }
        return false;
    }
}
