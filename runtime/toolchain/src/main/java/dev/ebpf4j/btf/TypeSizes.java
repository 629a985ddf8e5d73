package dev.ebpf4j.btf;

import java.util.List;

/**
 * sizeof and alignof for BTF types as the BPF target lays them out (pointers are 8 bytes). Works on
 * unchecked type lists too (a builder's): a chain longer than the list is a loop and is reported,
 * never followed forever.
 */
final class TypeSizes {
    private static final long POINTER_SIZE = 8;
    private static final int MAX_NESTING = 256;

    private TypeSizes() {}

    static long sizeOf(List<BtfType> types, int id) {
        long multiplier = 1;
        int current = id;
        for (int steps = 0; steps <= types.size(); steps++) {
            BtfType type = lookup(types, current, id);
            long size;
            switch (type) {
                case BtfType.Int t -> size = t.size();
                case BtfType.Float t -> size = t.size();
                case BtfType.Enum t -> size = t.size();
                case BtfType.Enum64 t -> size = t.size();
                case BtfType.Struct t -> size = t.size();
                case BtfType.Union t -> size = t.size();
                case BtfType.Datasec t -> size = t.size();
                case BtfType.Ptr t -> size = POINTER_SIZE;
                case BtfType.Array t -> {
                    multiplier = multiply(multiplier, t.count(), types, id);
                    current = t.elementType();
                    continue;
                }
                case BtfType.Typedef t -> {
                    current = t.type();
                    continue;
                }
                case BtfType.Volatile t -> {
                    current = t.type();
                    continue;
                }
                case BtfType.Const t -> {
                    current = t.type();
                    continue;
                }
                case BtfType.Restrict t -> {
                    current = t.type();
                    continue;
                }
                case BtfType.TypeTag t -> {
                    current = t.type();
                    continue;
                }
                case BtfType.Var t -> {
                    current = t.type();
                    continue;
                }
                case BtfType.Fwd t -> throw unsized(types, id, current, "an incomplete FWD");
                case BtfType.Func t -> throw unsized(types, id, current, "a FUNC");
                case BtfType.FuncProto t -> throw unsized(types, id, current, "a FUNC_PROTO");
                case BtfType.DeclTag t -> throw unsized(types, id, current, "a DECL_TAG");
            }
            return multiply(multiplier, size, types, id);
        }
        throw new BtfException(name(types, id) + " has no size: its references form a loop");
    }

    static long alignOf(List<BtfType> types, int id) {
        return alignOf(types, id, 0);
    }

    private static long alignOf(List<BtfType> types, int id, int depth) {
        if (depth > MAX_NESTING) {
            throw new BtfException(name(types, id) + " nests records more than " + MAX_NESTING + " deep (a struct containing itself?)");
        }
        int current = id;
        for (int steps = 0; steps <= types.size(); steps++) {
            BtfType type = lookup(types, current, id);
            switch (type) {
                case BtfType.Int t -> {
                    return Math.max(1, Math.min(t.size(), POINTER_SIZE));
                }
                case BtfType.Float t -> {
                    return Math.max(1, Math.min(t.size(), POINTER_SIZE));
                }
                case BtfType.Enum t -> {
                    return Math.max(1, Math.min(t.size(), POINTER_SIZE));
                }
                case BtfType.Enum64 t -> {
                    return Math.max(1, Math.min(t.size(), POINTER_SIZE));
                }
                case BtfType.Ptr t -> {
                    return POINTER_SIZE;
                }
                case BtfType.Struct t -> {
                    return recordAlign(types, t.size(), t.members(), depth);
                }
                case BtfType.Union t -> {
                    return recordAlign(types, t.size(), t.members(), depth);
                }
                case BtfType.Array t -> current = t.elementType();
                case BtfType.Typedef t -> current = t.type();
                case BtfType.Volatile t -> current = t.type();
                case BtfType.Const t -> current = t.type();
                case BtfType.Restrict t -> current = t.type();
                case BtfType.TypeTag t -> current = t.type();
                case BtfType.Var t -> current = t.type();
                case BtfType.Datasec t -> throw unsized(types, id, current, "a DATASEC");
                case BtfType.Fwd t -> throw unsized(types, id, current, "an incomplete FWD");
                case BtfType.Func t -> throw unsized(types, id, current, "a FUNC");
                case BtfType.FuncProto t -> throw unsized(types, id, current, "a FUNC_PROTO");
                case BtfType.DeclTag t -> throw unsized(types, id, current, "a DECL_TAG");
            }
        }
        throw new BtfException(name(types, id) + " has no alignment: its references form a loop");
    }

    /** The largest member alignment, or 1 where the layout shows the record is packed. */
    private static long recordAlign(List<BtfType> types, long size, List<BtfType.Member> members, int depth) {
        long align = 1;
        for (BtfType.Member m : members) {
            long memberAlign = alignOf(types, m.type(), depth + 1);
            if (m.bitfieldSize() == 0 && m.bitOffset() % (8 * memberAlign) != 0) {
                return 1;
            }
            align = Math.max(align, memberAlign);
        }
        return size % align == 0 ? align : 1;
    }

    private static BtfType lookup(List<BtfType> types, int current, int start) {
        if (current == 0) {
            throw new BtfException(start == 0 ? "void has no size" : name(types, start) + " leads to void, which has no size");
        }
        if (current < 0 || current > types.size()) {
            throw new BtfException("type id " + current + " does not exist (there are " + types.size() + " types)");
        }
        return types.get(current - 1);
    }

    private static long multiply(long a, long b, List<BtfType> types, int id) {
        long product = a * b;
        if (b != 0 && (product / b != a || product > 0xffff_ffffL)) {
            throw new BtfException(name(types, id) + " is larger than 4 GiB");
        }
        return product;
    }

    private static BtfException unsized(List<BtfType> types, int start, int current, String what) {
        return new BtfException(start == current
                ? name(types, start) + " is " + what + " and has no size"
                : name(types, start) + " leads to " + what + " (" + name(types, current) + ") and has no size");
    }

    private static String name(List<BtfType> types, int id) {
        return id > 0 && id <= types.size() ? TypeGraph.describe(types, id) : "type id " + id;
    }
}
