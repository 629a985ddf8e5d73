package dev.ebpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;

/**
 * What a skeleton holds for one map: its type in user space, how the constructor obtains it from
 * the loaded object, and the accessor's Javadoc.
 */
record MapMember(TypeName type, CodeBlock initializer, CodeBlock javadoc) {
    static final ClassName KERNEL_MAP = ClassName.get("dev.ebpf4j.maps", "KernelMap");
    static final ClassName KERNEL_PER_CPU_MAP = ClassName.get("dev.ebpf4j.maps", "KernelPerCpuMap");
    static final ClassName KERNEL_MAPS = ClassName.get("dev.ebpf4j.maps", "KernelMaps");
    static final ClassName MAP_HANDLE = ClassName.get("dev.ebpf4j.maps", "MapHandle");

    static MapMember of(MapDecl map, String object) {
        if (map.kind() == MapKind.RINGBUF) {
            return new MapMember(MAP_HANDLE, CodeBlock.of("$N.map($S)", object, map.name()), CodeBlock.builder()
                    .add("The ring buffer {@code $L} ({@code $L}, $L bytes) of {@link $T} events,\n",
                            map.name(), map.kind().cName(), map.maxEntries(), UserSpaceTypes.of(map.value()))
                    .add("as the kernel map itself: a typed reader of its events is not generated yet.\n")
                    .build());
        }
        if (map.kind() == MapKind.LPM_TRIE) return lpmTrie(map, object);
        ClassName key = UserSpaceTypes.of(map.key());
        ClassName value = UserSpaceTypes.of(map.value());
        boolean perCpu = map.kind().perCpu();
        TypeName type = ParameterizedTypeName.get(perCpu ? KERNEL_PER_CPU_MAP : KERNEL_MAP, key, value);
        CodeBlock initializer = CodeBlock.of("$T.$L($N.map($S), $T.class, $T.class)",
                KERNEL_MAPS, perCpu ? "perCpu" : "of", object, map.name(), key, value);
        return new MapMember(type, initializer, javadoc(map, key, value));
    }

    static final ClassName KERNEL_LPM_TRIE = ClassName.get("dev.ebpf4j.maps", "KernelLpmTrie");

    /** An LPM trie: a {@code KernelLpmTrie} of the address type (its key struct's Java name). */
    private static MapMember lpmTrie(MapDecl map, String object) {
        ClassName address = UserSpaceTypes.ofBinaryName(map.key() instanceof dev.ebpf4j.processor.ir.StructType key
                ? key.javaName() : "java.lang.Integer");
        ClassName value = UserSpaceTypes.of(map.value());
        TypeName type = ParameterizedTypeName.get(KERNEL_LPM_TRIE, address, value);
        CodeBlock initializer = CodeBlock.of("$T.lpmTrie($N.map($S), $T.class, $T.class)",
                KERNEL_MAPS, object, map.name(), address, value);
        CodeBlock javadoc = CodeBlock.builder()
                .add("The longest-prefix-match trie {@code $L} ({@code $L}) in the kernel: at most $L prefixes of\n",
                        map.name(), map.kind().cName(), map.maxEntries())
                .add("{@link $T} addresses (big-endian, matched from the first component's top bit) to {@link $T} values.\n",
                        address, value)
                .build();
        return new MapMember(type, initializer, javadoc);
    }

    private static CodeBlock javadoc(MapDecl map, ClassName key, ClassName value) {
        CodeBlock.Builder doc = CodeBlock.builder();
        String kind = switch (map.kind()) {
            case HASH -> "hash map";
            case LRU_HASH -> "least-recently-used hash map";
            case ARRAY -> "array";
            case PERCPU_HASH -> "per-CPU hash map";
            case PERCPU_ARRAY -> "per-CPU array";
            case RINGBUF, LPM_TRIE -> throw new AssertionError(map);
        };
        doc.add("The $L {@code $L} ({@code $L}) in the kernel:\n", kind, map.name(), map.kind().cName());
        if (map.kind().array()) {
            doc.add("$L elements, indexed from 0, of {@link $T} values", map.maxEntries(), value);
        } else {
            doc.add("at most $L entries from {@link $T} keys to {@link $T} values", map.maxEntries(), key, value);
        }
        if (map.kind().perCpu()) {
            doc.add(", one per CPU under each $L.\n", map.kind().array() ? "index" : "key")
                    .add("Read totals with {@link $T#sum} and every CPU's value with {@link $T#perCpu}.\n",
                            KERNEL_PER_CPU_MAP, KERNEL_PER_CPU_MAP);
        } else {
            doc.add(".\n");
        }
        return doc.build();
    }
}
