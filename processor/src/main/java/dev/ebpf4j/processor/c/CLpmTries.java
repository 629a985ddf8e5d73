package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.LpmKeys;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * LPM tries in C: the key struct as the kernel declares it ({@code __u32 prefixlen; __u8
 * data[n];}), the map with {@code BPF_F_NO_PREALLOC}, and one inline function per operation that
 * writes the address into {@code data} byte by byte, most significant first (see {@link LpmKeys}).
 */
final class CLpmTries {
    private CLpmTries() {
    }

    /** The key struct and the map definition. */
    static String map(MapDecl map) {
        StructType key = (StructType) map.key();
        StringBuilder out = new StringBuilder();
        out.append("/* BpfLpmTrie ").append(map.name()).append(": ").append(key.javaName())
                .append(" addresses, big-endian after the prefix length */\n");
        out.append("struct ").append(key.name()).append(" {\n");
        out.append("\t__u32 ").append(LpmKeys.PREFIX_LENGTH).append(";\n");
        out.append("\t__u8 data[").append(key.size() - 4).append("];\n");
        // packed: the kernel's key is exactly 4 + n bytes, which C would round up to a multiple of 4
        out.append("} __attribute__((packed));\n");
        out.append("_Static_assert(sizeof(struct ").append(key.name()).append(") == ").append(key.size())
                .append(", \"the key of ").append(map.name()).append(" is the prefix length and ").append(key.size() - 4)
                .append(" address bytes\");\n");
        out.append("struct {\n");
        out.append("\t__uint(type, ").append(map.kind().cName()).append(");\n");
        out.append("\t__uint(max_entries, ").append(Integer.toUnsignedString(map.maxEntries())).append(");\n");
        out.append("\t__type(key, struct ").append(key.name()).append(");\n");
        out.append("\t__type(value, ").append(CNames.valueType(map.value())).append(");\n");
        int others = map.flags() & ~1;
        out.append("\t__uint(map_flags, BPF_F_NO_PREALLOC").append(others == 0 ? "" : " | " + Integer.toUnsignedString(others))
                .append(");\n");
        if (map.pinned()) out.append("\t__uint(pinning, LIBBPF_PIN_BY_NAME);\n");
        out.append("} ").append(map.name()).append(" SEC(\".maps\");\n");
        return out.toString();
    }

    /** The inline function of {@code op}: get, containsKey, put or remove. */
    static String function(MapDecl map, MapOp op) {
        StructType key = (StructType) map.key();
        List<String> parameters = new ArrayList<>();
        List<String> body = new ArrayList<>();
        body.add("struct " + key.name() + " key __attribute__((aligned(8)));");
        for (StructField field : key.fields()) {
            String parameter = "key_" + field.name();
            parameters.add(CNames.declaration(((Prim) field.type()).cName(), parameter));
            if (field.name().equals(LpmKeys.PREFIX_LENGTH) && field.offset() == 0) {
                body.add("key." + LpmKeys.PREFIX_LENGTH + " = " + parameter + ";");
                continue;
            }
            int size = field.type().size();
            for (int i = 0; i < size; i++) {
                int shift = 8 * (size - 1 - i);
                String cast = field.type() == Prim.LONG ? "(__u64)" : "(__u32)";
                body.add("key.data[" + (field.offset() - 4 + i) + "] = (__u8)(" + cast + parameter
                        + (shift == 0 ? "" : " >> " + shift) + ");");
            }
        }
        String pointer = "&" + map.name();
        String result = switch (op) {
            case LOOKUP -> {
                body.add("return bpf_map_lookup_elem(" + pointer + ", &key);");
                yield CNames.valueType(map.value()) + " *";
            }
            case CONTAINS_KEY -> {
                body.add("return bpf_map_lookup_elem(" + pointer + ", &key) != NULL;");
                yield "bool";
            }
            case PUT -> {
                value(map, parameters, body);
                body.add("return bpf_map_update_elem(" + pointer + ", &key, &value, BPF_ANY) == 0;");
                yield "bool";
            }
            case REMOVE -> {
                body.add("return bpf_map_delete_elem(" + pointer + ", &key) == 0;");
                yield "bool";
            }
            case PUT_IF_ABSENT, INCREMENT, OUTPUT, OUTPUT_NO_WAKEUP, OUTPUT_FORCE_WAKEUP -> throw new IllegalArgumentException(map.name() + ": an LPM trie has no " + op);
        };
        StringBuilder out = new StringBuilder();
        out.append("static __always_inline ").append(CNames.declaration(result, CNames.mapFunction(map, op)))
                .append('(').append(String.join(", ", parameters)).append(")\n{\n");
        for (String line : body) out.append('\t').append(line).append('\n');
        out.append("}\n");
        return out.toString();
    }

    /** The value parameter(s), rebuilt on the stack as {@code CMapOperations} does for other maps. */
    private static void value(MapDecl map, List<String> parameters, List<String> body) {
        CMapOperations.copyIn(map.value(), "value", parameters, body);
    }
}
