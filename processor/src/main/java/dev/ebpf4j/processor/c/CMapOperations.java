package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * One small inline function per map operation a unit uses ({@code packets_increment(port, 1L)}),
 * so that map calls stay expressions in the program's C and read like the Java calls. Keys,
 * values and events are copied to the stack there (structs zeroed first, so padding is zero as
 * the kernel's byte-wise key comparison needs), and each follows the semantics of
 * {@code dev.ebpf4j.program.maps}: an increment adds atomically on maps shared between CPUs and
 * inserts the delta into a hash map that has no value yet.
 */
final class CMapOperations {
    private CMapOperations() {
    }

    static String function(MapDecl map, MapOp op) {
        if (map.kind() == MapKind.LPM_TRIE) return CLpmTries.function(map, op);
        String name = CNames.mapFunction(map, op);
        List<String> parameters = new ArrayList<>();
        List<String> body = new ArrayList<>();
        if (map.key() != null) copyIn(map.key(), "key", parameters, body);
        String result = switch (op) {
            case LOOKUP -> {
                body.add("return bpf_map_lookup_elem(&" + map.name() + ", &key);");
                yield CNames.valueType(map.value()) + " *";
            }
            case CONTAINS_KEY -> {
                body.add("return bpf_map_lookup_elem(&" + map.name() + ", &key) != NULL;");
                yield "bool";
            }
            case PUT, PUT_IF_ABSENT -> {
                copyIn(map.value(), "value", parameters, body);
                body.add("return bpf_map_update_elem(&" + map.name() + ", &key, &value, "
                        + (op == MapOp.PUT ? "BPF_ANY" : "BPF_NOEXIST") + ") == 0;");
                yield "bool";
            }
            case REMOVE -> {
                body.add("return bpf_map_delete_elem(&" + map.name() + ", &key) == 0;");
                yield "bool";
            }
            case OUTPUT, OUTPUT_NO_WAKEUP, OUTPUT_FORCE_WAKEUP -> {
                copyIn(map.value(), "event", parameters, body);
                String flags = switch (op) {
                    case OUTPUT_NO_WAKEUP -> "BPF_RB_NO_WAKEUP";
                    case OUTPUT_FORCE_WAKEUP -> "BPF_RB_FORCE_WAKEUP";
                    default -> "0";
                };
                body.add("return bpf_ringbuf_output(&" + map.name() + ", &event, sizeof(event), " + flags + ") == 0;");
                yield "bool";
            }
            case INCREMENT -> {
                parameters.add("__s64 delta");
                increment(map, body);
                yield "void";
            }
        };
        StringBuilder out = new StringBuilder();
        out.append("static __always_inline ").append(CNames.declaration(result, name))
                .append('(').append(String.join(", ", parameters)).append(")\n{\n");
        for (String line : body) out.append(line.isEmpty() ? "" : "\t").append(line).append('\n');
        out.append("}\n");
        return out.toString();
    }

    /** A parameter per primitive, or per field of a struct rebuilt on the stack with zeroed padding. */
    static void copyIn(ValueType type, String name, List<String> parameters, List<String> body) {
        switch (type) {
            case Prim prim -> parameters.add(CNames.declaration(prim.cName(), name));
            case StructType struct -> {
                body.add("struct " + struct.name() + " " + name + ";");
                body.add("__builtin_memset(&" + name + ", 0, sizeof(" + name + "));");
                for (StructField field : struct.fields()) {
                    String parameter = name + "_" + field.name();
                    // a lock starts unlocked (zeroed above): the kernel never copies one from a program
                    if (field.type() instanceof dev.ebpf4j.processor.ir.SpinLockType) continue;
                    if (field.type() instanceof ArrayType array) {
                        parameters.add("const " + CArrays.pointerType(array) + parameter);
                        String member = name + "." + CNames.field(field.name());
                        body.add("__builtin_memcpy(" + member + ", " + parameter + ", sizeof(" + member + "));");
                        continue;
                    }
                    Prim prim = (Prim) field.type();
                    parameters.add(CNames.declaration(prim == Prim.BOOLEAN ? "bool" : prim.cName(), parameter));
                    body.add(name + "." + CNames.field(field.name()) + " = " + parameter + ";");
                }
            }
        }
    }

    private static void increment(MapDecl map, List<String> body) {
        if (!(map.value() instanceof Prim value) || value == Prim.BOOLEAN || value == Prim.CHAR) {
            throw new IllegalArgumentException(map.name() + ": increment needs Long or Integer values");
        }
        String type = value.cName();
        String pointer = "&" + map.name();
        String add = add(map.kind(), value);
        body.add(type + " *value = bpf_map_lookup_elem(" + pointer + ", &key);");
        if (map.kind().array()) {
            body.add("if (value != NULL)");
            body.add("\t" + add);
            return;
        }
        body.add("if (value != NULL) {");
        body.add("\t" + add);
        body.add("\treturn;");
        body.add("}");
        body.add(type + " initial = " + (value == Prim.LONG ? "delta" : "(" + type + ")delta") + ";");
        body.add("if (bpf_map_update_elem(" + pointer + ", &key, &initial, BPF_NOEXIST) == 0)");
        body.add("\treturn;");
        body.add("/* Inserted by another CPU since the lookup, or the map is full. */");
        body.add("value = bpf_map_lookup_elem(" + pointer + ", &key);");
        body.add("if (value != NULL)");
        body.add("\t" + add);
    }

    /** The add itself: atomic where CPUs share the value and the width allows it, wrapping in every case. */
    private static String add(MapKind kind, Prim value) {
        boolean atomic = !kind.perCpu() && (value == Prim.LONG || value == Prim.INT);
        if (atomic) {
            return "__sync_fetch_and_add(value, " + (value == Prim.LONG ? "delta" : "(__s32)delta") + ");";
        }
        String unsigned = value == Prim.LONG ? "__u64" : "__u32";
        return "*value = (" + value.cName() + ")((" + unsigned + ")*value + (" + unsigned + ")delta);";
    }
}
