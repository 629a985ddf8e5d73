package dev.ebpf4j.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A BTF type section: {@code types.get(0)} has id 1, id 0 is {@code void}. Every instance is
 * checked: all referenced ids exist and no reference chain loops (see {@link BtfException}).
 *
 * <pre>{@code
 * Btf.Builder b = Btf.builder();
 * int i = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
 * int arr = b.add(new BtfType.Array(i, i, 16));
 * Btf btf = b.build();
 * btf.sizeOf(arr);                                   // 64
 * btf.findId(BtfKind.INT, "int");                    // OptionalInt[1]
 * byte[] section = BtfEncoder.encode(btf);
 * }</pre>
 */
public record Btf(List<BtfType> types) {
    public Btf {
        types = List.copyOf(types);
        TypeGraph.Problem problem = TypeGraph.check(types);
        if (problem != null) {
            throw new BtfException(problem.message());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this section's types, to append more. */
    public Builder toBuilder() {
        Builder b = new Builder();
        types.forEach(b::add);
        return b;
    }

    /** The number of types, not counting void; the largest valid id. */
    public int typeCount() {
        return types.size();
    }

    /** The type with id {@code id} (1 to {@link #typeCount()}). */
    public BtfType type(int id) {
        if (id <= 0 || id > types.size()) {
            throw new BtfException("type id " + id + " does not exist (there are " + types.size() + " types" + (id == 0 ? "; 0 is void" : "") + ")");
        }
        return types.get(id - 1);
    }

    /** The type with id {@code id}, which must be a {@code kind}. */
    public <T extends BtfType> T type(int id, Class<T> kind) {
        BtfType t = type(id);
        if (!kind.isInstance(t)) {
            throw new BtfException(TypeGraph.describe(types, id) + " is not a " + kind.getSimpleName().toUpperCase(java.util.Locale.ROOT));
        }
        return kind.cast(t);
    }

    /** The id of the first type of {@code kind} named {@code name}. */
    public OptionalInt findId(BtfKind kind, String name) {
        return findId(types, kind, name);
    }

    /** The 1-based id of the first type of {@code kind} named {@code name} in {@code types}. */
    private static OptionalInt findId(List<BtfType> types, BtfKind kind, String name) {
        for (int i = 0; i < types.size(); i++) {
            BtfType t = types.get(i);
            if (t.kind() == kind && t.name().equals(name)) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    /** sizeof the type, through typedefs, modifiers, type tags, arrays and variables; pointers are 8 bytes. */
    public long sizeOf(int id) {
        return TypeSizes.sizeOf(types, id);
    }

    /** The alignment the BPF target gives the type (1 for a record whose layout shows it is packed). */
    public long alignOf(int id) {
        return TypeSizes.alignOf(types, id);
    }

    /** The id reached from {@code id} by skipping typedefs, const, volatile, restrict and type tags. */
    public int skipQualifiers(int id) {
        int current = id;
        for (int steps = 0; steps <= types.size() && current != 0; steps++) {
            switch (type(current)) {
                case BtfType.Typedef t -> current = t.type();
                case BtfType.Const t -> current = t.type();
                case BtfType.Volatile t -> current = t.type();
                case BtfType.Restrict t -> current = t.type();
                case BtfType.TypeTag t -> current = t.type();
                default -> {
                    return current;
                }
            }
        }
        return current;
    }

    /**
     * Appends types and hands out their ids. References may point forward (a struct holding a
     * pointer to itself); {@link #build()} checks them all. {@link #intern} reuses an equal type,
     * which is how clang shares its pointer and array types.
     */
    public static final class Builder {
        private final List<BtfType> types = new ArrayList<>();
        private final Map<BtfType, Integer> ids = new HashMap<>();

        private Builder() {}

        /** Appends {@code type} and returns its id. */
        public int add(BtfType type) {
            types.add(java.util.Objects.requireNonNull(type, "type"));
            int id = types.size();
            ids.putIfAbsent(type, id);
            return id;
        }

        /** The id of a type equal to {@code type}, appending it if there is none. */
        public int intern(BtfType type) {
            Integer id = ids.get(type);
            return id != null ? id : add(type);
        }

        /** The id the next {@link #add} returns. */
        public int nextId() {
            return types.size() + 1;
        }

        /** Replaces type {@code id}: lets a struct be added before the member types that refer back to it. */
        public Builder set(int id, BtfType type) {
            if (id <= 0 || id > types.size()) {
                throw new BtfException("type id " + id + " does not exist yet");
            }
            BtfType old = types.set(id - 1, java.util.Objects.requireNonNull(type, "type"));
            ids.remove(old, id);
            ids.putIfAbsent(type, id);
            return this;
        }

        public BtfType type(int id) {
            if (id <= 0 || id > types.size()) {
                throw new BtfException("type id " + id + " does not exist yet");
            }
            return types.get(id - 1);
        }

        /** The id of the first type of {@code kind} named {@code name} added so far. */
        public OptionalInt findId(BtfKind kind, String name) {
            return Btf.findId(types, kind, name);
        }

        /** {@link Btf#sizeOf} over the types added so far. */
        public long sizeOf(int id) {
            return TypeSizes.sizeOf(types, id);
        }

        /** {@link Btf#alignOf} over the types added so far. */
        public long alignOf(int id) {
            return TypeSizes.alignOf(types, id);
        }

        public Btf build() {
            return new Btf(types);
        }
    }
}
