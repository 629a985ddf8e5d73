package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import java.util.List;

/**
 * The locals of one function where they live: their {@link Homes}, moves between a home and a
 * register, the context pointer, and the hidden locals that cache {@code data_end}
 * ({@link PacketEnd}) and the pointer past the VLAN tags ({@link NetworkCache}).
 */
final class Locals {
    final Homes homes;
    final NetworkCache network;
    final PacketEnd packetEnd;
    /** True once the code emitted so far has filled {@link #packetEnd}'s local. */
    boolean packetEndHeld;
    /** The context: an entry's parameter, or a subprogram's context parameter (packet views need data_end). */
    final Local context;
    private final String function;
    private final CodeBuilder code;
    private final Emission emit;

    Locals(Function function, Emission emit, KeyAreas keys, List<Register> callerSaved) {
        this.function = function.name();
        this.emit = emit;
        this.code = emit.code;
        this.network = NetworkCache.of(function);
        this.homes = new Homes(function, emit.frame, network, keys, callerSaved);
        emit.temps.reserve(homes.callerHomes());
        this.packetEnd = homes.packetEnd();
        this.context = function.parameters().stream().filter(p -> p.type() instanceof ContextType).findFirst().orElse(null);
    }

    /** {@code dst = local}. */
    void load(Local local, Register dst) {
        Homes.Home home = homes.of(local);
        if (home.inRegister()) {
            if (home.register() != dst) code.mov64(dst, home.register());
        } else if (home.width() == 4) {
            code.ldxw(dst, Register.R10, home.offset());
        } else {
            code.ldxdw(dst, Register.R10, home.offset());
        }
    }

    /** {@code local = src}. */
    void store(Local local, Register src) {
        Homes.Home home = homes.of(local);
        if (home.inRegister()) {
            if (home.register() != src) code.mov64(home.register(), src);
        } else if (home.width() == 4) {
            code.stxw(Register.R10, home.offset(), src);
        } else {
            code.stxdw(Register.R10, home.offset(), src);
        }
    }

    /** The hook whose context this function has, or null. */
    Hook hook() {
        return context == null ? null : ((ContextType) context.type()).hook();
    }

    /** The context pointer in a register: its home, or {@code scratch} loaded from its slot. */
    Register contextIn(Register scratch) {
        if (context == null) throw emit.error("packet views need the context: pass it to " + function + " as a parameter");
        if (packetEnd.contextOnlyInR1()) {
            if (packetEndHeld) throw new IllegalStateException("the context of " + function + " read after the Ethernet view");
            return Register.R1;
        }
        Homes.Home home = homes.of(context);
        if (home.inRegister()) return home.register();
        code.ldxdw(scratch, Register.R10, home.offset());
        return scratch;
    }
}
