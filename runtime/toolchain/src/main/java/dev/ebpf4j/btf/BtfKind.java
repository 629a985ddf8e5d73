package dev.ebpf4j.btf;

/** The kinds of BTF type with their numbers in the type section and their names in bpftool's dump. */
public enum BtfKind {
    INT(1), PTR(2), ARRAY(3), STRUCT(4), UNION(5), ENUM(6), FWD(7), TYPEDEF(8), VOLATILE(9), CONST(10),
    RESTRICT(11), FUNC(12), FUNC_PROTO(13), VAR(14), DATASEC(15), FLOAT(16), DECL_TAG(17), TYPE_TAG(18),
    ENUM64(19);

    private static final BtfKind[] BY_CODE = new BtfKind[20];

    static {
        for (BtfKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;

    BtfKind(int code) {
        this.code = code;
    }

    /** The number stored in bits 24–28 of a type's info word. */
    public int code() {
        return code;
    }

    /** The kind with this number, or {@code null} for an unknown one. */
    static BtfKind ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
