package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;

/**
 * The unit's global declarations: record types as C structs at the offsets the IR gives them
 * (explicit padding where the IR's layout is not C's natural one, and static assertions that
 * clang agrees), and maps as BTF-defined map definitions in {@code .maps}.
 */
final class CDeclarations {
    private CDeclarations() {
    }

    static String struct(StructType struct) {
        StringBuilder out = new StringBuilder();
        out.append("/* record ").append(struct.javaName()).append(" */\n");
        out.append("struct ").append(struct.name()).append(" {\n");
        int offset = 0;
        int padding = 0;
        for (StructField field : struct.fields()) {
            int aligned = align(offset, field.type().alignment());
            if (field.offset() < aligned) {
                throw new IllegalArgumentException(struct.javaName() + "." + field.name() + ": offset " + field.offset()
                        + " is below its natural position " + aligned + " in C");
            }
            if (field.offset() % field.type().alignment() != 0) {
                throw new IllegalArgumentException(struct.javaName() + "." + field.name() + ": offset " + field.offset()
                        + " is not aligned for a " + field.type());
            }
            if (field.offset() > aligned) {
                out.append("\t__u8 __pad").append(padding++).append('[').append(field.offset() - offset).append("];\n");
            }
            String member = switch (field.type()) {
                case Prim prim -> CNames.declaration(prim.cName(), CNames.field(field.name()));
                case ArrayType array -> CArrays.declaration(array, CNames.field(field.name()));
                case dev.ebpf4j.processor.ir.SpinLockType lock -> "struct bpf_spin_lock " + CNames.field(field.name());
            };
            out.append('\t').append(member).append(";\n");
            offset = field.offset() + field.type().size();
        }
        int natural = align(offset, struct.alignment());
        if (struct.size() > natural) {
            out.append("\t__u8 __pad").append(padding).append('[').append(struct.size() - offset).append("];\n");
        }
        out.append("};\n");
        String type = "struct " + struct.name();
        out.append("_Static_assert(sizeof(").append(type).append(") == ").append(struct.size())
                .append(", \"").append(struct.javaName()).append(" is laid out as the Java side expects\");\n");
        return out.toString();
    }

    /**
     * A global as clang places it: configuration {@code const volatile} in {@code .rodata} (volatile,
     * so clang reads the value the loader wrote rather than fold the default), state in
     * {@code .data}, or {@code .bss} when it starts at zero.
     */
    static String global(dev.ebpf4j.processor.ir.GlobalDecl global) {
        String comment = switch (global.role()) {
            case CONFIG -> "@Config";
            case SHARED -> "@Shared";
            case ATOMIC -> "@Shared, updated atomically";
        };
        String declaration = CNames.declaration(CNames.type(global.type()), global.name());
        String initial = CExpressions.constant(new dev.ebpf4j.processor.ir.Expr.Constant(global.type(), global.initial())).text();
        return (global.role() == dev.ebpf4j.processor.ir.GlobalDecl.Role.CONFIG ? "const volatile " : "")
                + declaration + " = " + initial + ";  /* " + comment + " */\n";
    }

    static String map(MapDecl map) {
        if (map.kind() == dev.ebpf4j.processor.ir.MapKind.LPM_TRIE) return CLpmTries.map(map);
        StringBuilder out = new StringBuilder();
        out.append("/* ").append(map.kind().javaName()).append(' ').append(map.name()).append(" */\n");
        out.append("struct {\n");
        out.append("\t__uint(type, ").append(map.kind().cName()).append(");\n");
        out.append("\t__uint(max_entries, ").append(Integer.toUnsignedString(map.maxEntries())).append(");\n");
        if (map.key() != null) out.append("\t__type(key, ").append(CNames.valueType(map.key())).append(");\n");
        if (map.value() != null && map.key() != null) {
            out.append("\t__type(value, ").append(CNames.valueType(map.value())).append(");\n");
        } else if (map.value() != null && map.kind() == dev.ebpf4j.processor.ir.MapKind.RINGBUF) {
            // Names the records and keeps the value size 0, as the kernel requires of a ring buffer.
            out.append("\t__type(value, ").append(CNames.valueType(map.value())).append("[0]);  /* records */\n");
        }
        if (map.flags() != 0) out.append("\t__uint(map_flags, ").append(Integer.toUnsignedString(map.flags())).append(");\n");
        if (map.pinned()) out.append("\t__uint(pinning, LIBBPF_PIN_BY_NAME);\n");
        out.append("} ").append(map.name()).append(" SEC(\".maps\");\n");
        return out.toString();
    }

    private static int align(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
