package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.IrPrinter;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValueType;
import dev.ebpf4j.processor.passes.ConstantFolder;
import java.util.Arrays;
import java.util.List;

/**
 * Map operations as helper calls: keys and values are built in stack areas, with no byte left
 * unwritten, and passed by pointer (a record key several calls share in an area of its own, see
 * {@link KeyAreas}); results become Java booleans; {@code increment} is an atomic add on shared maps, a plain
 * add on per-CPU maps, and inserts the delta with {@code BPF_NOEXIST} where a hash map lacks the key
 * (looking up again when another CPU won the race).
 */
final class MapEmitter {
    private static final int LOOKUP = 1;
    private static final int UPDATE = 2;
    private static final int DELETE = 3;
    private static final int RINGBUF_OUTPUT = 130;
    private static final int BPF_ANY = 0;
    private static final int BPF_NOEXIST = 1;

    private final Emission emit;
    private final Homes homes;
    private final ExpressionEmitter exprs;
    private final ArrayEmitter arrays;
    private final CodeBuilder code;
    private final KeyAreas keyAreas;

    MapEmitter(Emission emit, Homes homes, ExpressionEmitter exprs, ArrayEmitter arrays, KeyAreas keyAreas) {
        this.emit = emit;
        this.keyAreas = keyAreas;
        this.homes = homes;
        this.exprs = exprs;
        this.arrays = arrays;
        this.code = emit.code;
    }

    /**
     * Emits {@code call} with its result in {@code dst}, or nowhere when {@code dst} is null (a call
     * made for its effect: no boolean is made of the helper's result).
     */
    void call(Expr.MapCall call, Register dst) {
        MapDecl map = call.map();
        switch (call.op()) {
            case LOOKUP, CONTAINS_KEY -> {
                int key = key(call);
                Emission.Saved saved = emit.saveAround(dst);
                lookup(map, key);
                if (call.op() == MapOp.LOOKUP) {
                    if (dst != null && dst != Register.R0) code.mov64(dst, Register.R0);
                } else {
                    bool(dst, true);
                }
                emit.restore(saved);
            }
            case PUT, PUT_IF_ABSENT -> {
                int key = key(call);
                int value = store(map.value(), call.value());
                Emission.Saved saved = emit.saveAround(dst);
                update(map, key, value, call.op() == MapOp.PUT ? BPF_ANY : BPF_NOEXIST);
                bool(dst, false);
                emit.restore(saved);
            }
            case REMOVE -> {
                int key = key(call);
                Emission.Saved saved = emit.saveAround(dst);
                code.ldMap(Register.R1, map.name());
                pointer(Register.R2, key);
                code.call(DELETE);
                bool(dst, false);
                emit.restore(saved);
            }
            case OUTPUT, OUTPUT_NO_WAKEUP, OUTPUT_FORCE_WAKEUP -> {
                int value = store(map.value(), call.value());
                Emission.Saved saved = emit.saveAround(dst);
                code.ldMap(Register.R1, map.name());
                pointer(Register.R2, value);
                code.mov64(Register.R3, map.value().size());
                code.mov64(Register.R4, call.op().ringBufferFlags());
                code.call(RINGBUF_OUTPUT);
                bool(dst, false);
                emit.restore(saved);
            }
            case INCREMENT -> increment(call, dst);
        }
    }

    /** {@code dst = (r0 != 0)} when {@code nonNull}, else {@code dst = (r0 == 0)}; nothing when the result is unused. */
    private void bool(Register dst, boolean nonNull) {
        if (dst == null) return;
        Register b = dst == Register.R0 ? Register.R1 : dst;
        String done = emit.label("result");
        code.mov32(b, 1);
        if (nonNull) code.jne(Register.R0, 0, done);
        else code.jeq(Register.R0, 0, done);
        code.mov32(b, 0);
        code.label(done);
        if (b != dst) code.mov32(dst, b);
    }

    private void lookup(MapDecl map, int key) {
        code.ldMap(Register.R1, map.name());
        pointer(Register.R2, key);
        code.call(LOOKUP);
    }

    private void update(MapDecl map, int key, int value, int flags) {
        code.ldMap(Register.R1, map.name());
        pointer(Register.R2, key);
        pointer(Register.R3, value);
        code.mov64(Register.R4, flags);
        code.call(UPDATE);
    }

    private void pointer(Register r, int offset) {
        code.mov64(r, Register.R10).add64(r, offset);
    }

    private void increment(Expr.MapCall call, Register dst) {
        MapDecl map = call.map();
        if (!(map.value() instanceof Prim value) || (value != Prim.INT && value != Prim.LONG)) {
            throw emit.error("increment needs a map of Integer or Long values, and " + map.name() + " holds " + map.value());
        }
        int key = key(call);
        Delta delta = delta(ConstantFolder.fold(call.value()));
        Emission.Saved saved = emit.saveAround(dst);
        String absent = emit.label("absent");
        String done = emit.label("incremented");
        lookup(map, key);
        code.jeq(Register.R0, 0, map.kind().array() ? done : absent);
        add(map, value, delta);
        if (!map.kind().array()) {
            code.ja(done);
            code.label(absent);
            int initial = emit.frame.allocate(8);
            Size size = Size.ofBytes(value.size());
            switch (delta) {
                case Delta.Immediate(int v) -> code.store(size, Register.R10, initial, v);
                case Delta.Held(Register held) -> code.store(size, Register.R10, initial, held);
                case Delta.Saved(int slot) -> {
                    code.ldxdw(Register.R1, Register.R10, slot);
                    code.store(size, Register.R10, initial, Register.R1);
                }
            }
            update(map, key, initial, BPF_NOEXIST);
            code.jeq(Register.R0, 0, done);
            // Another CPU inserted the key first: add to its value.
            lookup(map, key);
            code.jeq(Register.R0, 0, done);
            add(map, value, delta);
        }
        code.label(done);
        emit.restore(saved);
    }

    /** Where an increment's delta waits while the helpers run. */
    private sealed interface Delta {
        /** A constant (the usual increment by one): an immediate, no stack slot. */
        record Immediate(int value) implements Delta {}

        /** A local kept in one of r6–r9, which no helper call changes: added from its register. */
        record Held(Register register) implements Delta {}

        /**
         * A stack slot: a local's own home, where the local waits anyway, or else one the delta is
         * computed into before the calls.
         */
        record Saved(int slot) implements Delta {}
    }

    private Delta delta(Expr folded) {
        if (folded instanceof Expr.Constant(var type, long v) && v == (int) v) return new Delta.Immediate((int) v);
        if (folded instanceof Expr.Read(var local)) {
            Homes.Home home = homes.of(local);
            if (home.inRegister()) return new Delta.Held(home.register());
            if (home.width() == 8) return new Delta.Saved(home.offset());
        }
        int slot = emit.frame.allocate(8);
        Register t = emit.temps.take();
        exprs.into(folded, t);
        code.stxdw(Register.R10, slot, t);
        emit.temps.free(t);
        return new Delta.Saved(slot);
    }

    /** {@code *r0 += delta}: atomically unless the map is per-CPU. */
    private void add(MapDecl map, Prim value, Delta delta) {
        Size size = Size.ofBytes(value.size());
        Register operand = switch (delta) {
            case Delta.Immediate i -> null;
            case Delta.Held(Register held) -> held;
            case Delta.Saved(int slot) -> {
                code.ldxdw(Register.R1, Register.R10, slot);
                yield Register.R1;
            }
        };
        if (map.kind().perCpu()) {
            code.load(size, Register.R2, Register.R0, 0);
            if (operand == null) {
                int constant = ((Delta.Immediate) delta).value();
                if (value.wide()) code.add64(Register.R2, constant);
                else code.add32(Register.R2, constant);
            } else {
                if (value.wide()) code.add64(Register.R2, operand);
                else code.add32(Register.R2, operand);
            }
            code.store(size, Register.R0, 0, Register.R2);
        } else {
            if (operand == null) {
                operand = Register.R1;
                code.mov64(operand, ((Delta.Immediate) delta).value());
            }
            code.atomicAdd(size, Register.R0, 0, operand);
        }
    }

    /** The key of a call on {@code map} on the stack (an LPM trie's has its own layout); its r10-relative offset. */
    private int key(Expr.MapCall call) {
        MapDecl map = call.map();
        if (map.kind() == MapKind.LPM_TRIE) return new LpmKeyEmitter(emit, exprs).store((StructType) map.key(), call.key());
        // A key several calls share has an area of its own, where an earlier call may have left it.
        Integer area = keyAreas.area(call.key());
        if (area == null) return store(map.key(), call.key());
        if (!keyAreas.built(call)) storeStruct((StructType) map.key(), area, ((Expr.StructValue) call.key()).fields());
        return area;
    }

    /** Evaluates {@code e} of {@code type} into a fresh, zero-padded stack area; its r10-relative offset. */
    int store(ValueType type, Expr e) {
        if (type == null || e == null) throw emit.error("a map operation lacks its key or value");
        int offset = emit.frame.allocate(type.size());
        switch (type) {
            case Prim p -> storeField(p, offset, e);
            case StructType s -> {
                if (!(ConstantFolder.fold(e) instanceof Expr.StructValue(var st, var fields))) {
                    throw emit.error("a record key or value must be built in place (new " + s.javaName() + "(...)), not computed as "
                            + IrPrinter.expression(e));
                }
                storeStruct(s, offset, fields);
            }
        }
        return offset;
    }

    /**
     * The fields of a record into its area at {@code offset}. The area is rounded up to 8 bytes and
     * must hold no byte unwritten (padding is part of a hash key); only the 8-byte words that field
     * stores leave partly unwritten are zeroed first, and a field whose value is the constant zero
     * is left to that zeroing rather than stored a second time.
     */
    private void storeStruct(StructType s, int offset, List<Expr> fields) {
        int words = (s.size() + 7) / 8;
        boolean[] written = new boolean[words * 8];
        boolean[] zero = new boolean[s.fields().size()];
        for (int i = 0; i < s.fields().size(); i++) {
            StructField f = s.fields().get(i);
            zero[i] = !(f.type() instanceof ArrayType) && ConstantFolder.fold(fields.get(i)) instanceof Expr.Constant(var t, long v) && v == 0;
            if (!zero[i]) Arrays.fill(written, f.offset(), f.offset() + f.type().size(), true);
        }
        for (int word = 0; word < words; word++) {
            for (int at = word * 8; at < word * 8 + 8; at++) {
                if (!written[at]) {
                    code.stdw(Register.R10, offset + word * 8, 0);
                    break;
                }
            }
        }
        for (int i = 0; i < s.fields().size(); i++) {
            if (zero[i]) continue;
            StructField f = s.fields().get(i);
            if (f.type() instanceof ArrayType array) arrays.copy(offset + f.offset(), array, fields.get(i));
            else storeField((Prim) f.type(), offset + f.offset(), fields.get(i));
        }
    }

    private void storeField(Prim type, int offset, Expr e) {
        Size size = Size.ofBytes(type.size());
        Expr folded = ConstantFolder.fold(e);
        if (folded instanceof Expr.Constant(var t, long v) && v == (int) v) {
            code.store(size, Register.R10, offset, (int) v);
            return;
        }
        if (folded instanceof Expr.Read(var local) && homes.of(local).inRegister()) {
            code.store(size, Register.R10, offset, homes.of(local).register());
            return;
        }
        // a local living in this very field of its key's area (Homes) is in place already
        if (folded instanceof Expr.Read(var local) && homes.of(local).offset() == offset) return;
        Register t = emit.temps.take();
        exprs.into(folded, t);
        code.store(size, Register.R10, offset, t);
        emit.temps.free(t);
    }

    /**
     * Jumps to {@code label} when the boolean map operation {@code call} gives {@code when}, testing
     * the helper's r0 directly; false (nothing emitted) when temporaries are live across the call.
     */
    boolean branch(Expr.MapCall call, boolean when, String label) {
        MapOp op = call.op();
        boolean test = switch (op) {
            case CONTAINS_KEY, REMOVE, PUT, PUT_IF_ABSENT, OUTPUT, OUTPUT_NO_WAKEUP, OUTPUT_FORCE_WAKEUP -> true;
            case LOOKUP, INCREMENT -> false;
        };
        if (!test || !emit.temps.live(null).isEmpty()) return false;
        call(call, null);
        // containsKey: true when r0 != 0 (the lookup found it); the others: true when r0 == 0.
        boolean jumpOnNonZero = op == MapOp.CONTAINS_KEY == when;
        if (jumpOnNonZero) code.jne(Register.R0, 0, label);
        else code.jeq(Register.R0, 0, label);
        return true;
    }
}
