package dev.ebpf4j.btf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The references between types: checks that every id names a type and that no chain of
 * pointers, modifiers, typedefs, arrays and variables leads back to where it started (which would
 * make sizes and names infinite; the kernel rejects such BTF as a loop).
 */
final class TypeGraph {
    /** What is wrong with type {@code id}. */
    record Problem(int id, String message) {}

    private TypeGraph() {}

    /** The first problem in {@code types} (type id {@code i + 1} at index {@code i}), or {@code null}. */
    static Problem check(List<BtfType> types) {
        int count = types.size();
        for (int i = 0; i < count; i++) {
            int id = i + 1;
            int[] bad = {-1};
            references(types.get(i), ref -> {
                if (ref > count && bad[0] < 0) {
                    bad[0] = ref;
                }
            });
            if (bad[0] >= 0) {
                return new Problem(id, describe(types, id) + " refers to type id " + bad[0] + " but there are only " + count + " types");
            }
        }
        byte[] state = new byte[count + 1];
        for (int start = 1; start <= count; start++) {
            List<Integer> path = new ArrayList<>();
            int id = start;
            while (id != 0 && state[id] == 0) {
                state[id] = 1;
                path.add(id);
                id = next(types.get(id - 1));
            }
            if (id != 0 && state[id] == 1) {
                StringBuilder loop = new StringBuilder();
                for (int k = path.indexOf(id); k < path.size(); k++) {
                    loop.append('[').append(path.get(k)).append("] -> ");
                }
                loop.append('[').append(id).append(']');
                return new Problem(id, describe(types, id) + " is part of a reference loop " + loop);
            }
            for (int p : path) {
                state[p] = 2;
            }
        }
        return null;
    }

    static String describe(List<BtfType> types, int id) {
        BtfType t = types.get(id - 1);
        return "type [" + id + "] " + t.kind() + (t.name().isEmpty() ? "" : " '" + t.name() + "'");
    }

    /** The one reference whose target determines this type's size or meaning, or 0. */
    static int next(BtfType type) {
        return switch (type) {
            case BtfType.Ptr t -> t.type();
            case BtfType.Array t -> t.elementType();
            case BtfType.Typedef t -> t.type();
            case BtfType.Volatile t -> t.type();
            case BtfType.Const t -> t.type();
            case BtfType.Restrict t -> t.type();
            case BtfType.TypeTag t -> t.type();
            case BtfType.Var t -> t.type();
            case BtfType.Func t -> t.type();
            case BtfType.DeclTag t -> t.type();
            case BtfType.Int t -> 0;
            case BtfType.Struct t -> 0;
            case BtfType.Union t -> 0;
            case BtfType.Enum t -> 0;
            case BtfType.Enum64 t -> 0;
            case BtfType.Fwd t -> 0;
            case BtfType.FuncProto t -> 0;
            case BtfType.Datasec t -> 0;
            case BtfType.Float t -> 0;
        };
    }

    /** Every type id {@code type} mentions. */
    static void references(BtfType type, IntConsumer sink) {
        switch (type) {
            case BtfType.Array t -> {
                sink.accept(t.elementType());
                sink.accept(t.indexType());
            }
            case BtfType.Struct t -> t.members().forEach(m -> sink.accept(m.type()));
            case BtfType.Union t -> t.members().forEach(m -> sink.accept(m.type()));
            case BtfType.FuncProto t -> {
                sink.accept(t.returnType());
                t.params().forEach(p -> sink.accept(p.type()));
            }
            case BtfType.Datasec t -> t.vars().forEach(v -> sink.accept(v.type()));
            default -> sink.accept(next(type));
        }
    }
}
