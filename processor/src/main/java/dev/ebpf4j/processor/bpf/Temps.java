package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Register;
import java.util.ArrayList;
import java.util.List;

/** The caller-saved registers r0–r5 as temporaries of expression evaluation; calls clobber them all. */
final class Temps {
    private static final Register[] ORDER = {Register.R0, Register.R1, Register.R2, Register.R3, Register.R4, Register.R5};
    private final java.util.function.Supplier<dev.ebpf4j.processor.ir.SourcePosition> position;
    private final boolean[] busy = new boolean[6];
    /** Homes of locals ({@link Homes#callerHomes}): never taken as temporaries, though a call may name them. */
    private final boolean[] reserved = new boolean[6];
    /** Taken as the destination of an evaluation not finished yet: nothing in it to save around a call. */
    private final boolean[] empty = new boolean[6];

    /** {@code position} names the statement being compiled, for the one error this class reports. */
    Temps(java.util.function.Supplier<dev.ebpf4j.processor.ir.SourcePosition> position) {
        this.position = position;
    }

    static boolean isTemp(Register r) {
        return r.number() <= 5;
    }

    private boolean available(Register r) {
        return !busy[r.number()] && !reserved[r.number()];
    }

    /** Keeps {@code homes} out of {@link #take()}: locals live in them. */
    void reserve(java.util.Collection<Register> homes) {
        for (Register r : homes) reserved[r.number()] = true;
    }

    Register take() {
        for (Register r : ORDER) {
            if (available(r)) {
                busy[r.number()] = true;
                empty[r.number()] = true;
                return r;
            }
        }
        throw new CompileException(position.get(), "expression too deeply nested for the six scratch registers eBPF has; split it with locals");
    }

    /** A free temporary, or null when all six are busy. */
    Register tryTake() {
        for (Register r : ORDER) {
            if (available(r)) return take();
        }
        return null;
    }

    void take(Register r) {
        if (busy[r.number()]) throw new IllegalStateException(r + " is busy");
        busy[r.number()] = true;
        empty[r.number()] = true;
    }

    /** {@code r} holds nothing again: on the path about to be compiled it has not been written yet. */
    void emptied(Register r) {
        if (isTemp(r)) empty[r.number()] = true;
    }

    /** {@code r} holds a value now (its evaluation is complete). */
    void filled(Register r) {
        if (isTemp(r)) empty[r.number()] = false;
    }

    void free(Register r) {
        if (isTemp(r)) busy[r.number()] = false;
    }

    boolean isBusy(Register r) {
        return isTemp(r) && busy[r.number()];
    }

    /** The temporaries holding values, except {@code except}. */
    List<Register> live(Register except) {
        List<Register> live = new ArrayList<>();
        for (Register r : ORDER) {
            if (busy[r.number()] && !empty[r.number()] && r != except) live.add(r);
        }
        return live;
    }
}
