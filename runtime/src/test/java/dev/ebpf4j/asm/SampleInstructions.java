package dev.ebpf4j.asm;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random valid instructions of every kind, biased towards the edges of each field. */
final class SampleInstructions {

    private SampleInstructions() {}

    static Arbitrary<Instruction> any() {
        return Arbitraries.oneOf(alu(), byteSwap(), jump(), go(), call(), Arbitraries.just(new Instruction.Exit()),
                load(), storeImm(), store(), atomic(), loadImm64(), packetLoad());
    }

    static Arbitrary<Register> registers() {
        return Arbitraries.of(Register.class);
    }

    static Arbitrary<Integer> imm32() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-20, 20),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 0xffff, 0x8000));
    }

    static Arbitrary<Integer> off16() {
        return Arbitraries.oneOf(Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE),
                Arbitraries.integers().between(-20, 20), Arbitraries.of((int) Short.MIN_VALUE, (int) Short.MAX_VALUE, 0));
    }

    static Arbitrary<Instruction> alu() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(AluOp.class), registers(), registers(),
                imm32(), Arbitraries.of(true, false)).as((wide, op, dst, src, imm, useRegister) -> {
                    boolean movsx = op == AluOp.MOVSX8 || op == AluOp.MOVSX16 || op == AluOp.MOVSX32;
                    boolean w = wide || op == AluOp.MOVSX32;
                    Operand operand = op == AluOp.NEG ? Operand.of(0)
                            : movsx || useRegister ? Operand.of(src) : Operand.of(imm);
                    return new Instruction.Alu(w, op, dst, operand);
                });
    }

    static Arbitrary<Instruction> byteSwap() {
        return Combinators.combine(Arbitraries.of(Instruction.SwapKind.class), Arbitraries.of(16, 32, 64), registers())
                .as(Instruction.ByteSwap::new);
    }

    static Arbitrary<Instruction> jump() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(JumpOp.class), registers(), registers(),
                imm32(), Arbitraries.of(true, false), off16()).as((wide, op, dst, src, imm, useRegister, offset) ->
                        new Instruction.Jump(wide, op, dst, useRegister ? Operand.of(src) : Operand.of(imm), offset));
    }

    static Arbitrary<Instruction> go() {
        return Arbitraries.oneOf(off16().map(offset -> new Instruction.Goto(false, offset)),
                off16().map(offset -> new Instruction.Goto(true, offset)),
                imm32().map(offset -> new Instruction.Goto(true, offset)));
    }

    static Arbitrary<Instruction> call() {
        return Arbitraries.oneOf(imm32().map(Instruction.Call::helper),
                imm32().map(imm -> new Instruction.Call(CallKind.FUNCTION, imm, 0)),
                Combinators.combine(imm32(), Arbitraries.oneOf(Arbitraries.just(0), off16()))
                        .as((imm, module) -> new Instruction.Call(CallKind.KFUNC, imm, module)));
    }

    static Arbitrary<Instruction> load() {
        return Combinators.combine(Arbitraries.of(Size.class), Arbitraries.of(true, false), registers(), registers(), off16())
                .as((size, signed, dst, src, offset) -> new Instruction.Load(size, signed && size != Size.DW, dst, src, offset));
    }

    static Arbitrary<Instruction> storeImm() {
        return Combinators.combine(Arbitraries.of(Size.class), registers(), off16(), imm32()).as(Instruction.StoreImm::new);
    }

    static Arbitrary<Instruction> store() {
        return Combinators.combine(Arbitraries.of(Size.class), registers(), registers(), off16()).as(Instruction.Store::new);
    }

    static Arbitrary<Instruction> atomic() {
        return Combinators.combine(Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), Arbitraries.of(true, false),
                registers(), registers(), off16()).as((size, op, fetch, dst, src, offset) ->
                        new Instruction.Atomic(size, op, fetch || op.alwaysFetches(), dst, src, offset));
    }

    static Arbitrary<Instruction> loadImm64() {
        Arbitrary<Long> imm = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-20, 20),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0xffffffffL, 0x1_0000_0000L));
        Arbitrary<Long> pseudoImm = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 0xffffffffL),
                Arbitraries.longs().between(0, 20));
        return Arbitraries.oneOf(Combinators.combine(registers(), imm).as((dst, value) ->
                        new Instruction.LoadImm64(dst, PseudoSource.IMM, value)),
                Combinators.combine(registers(), Arbitraries.of(PseudoSource.class).filter(s -> s != PseudoSource.IMM), pseudoImm)
                        .as(Instruction.LoadImm64::new));
    }

    static Arbitrary<Instruction> packetLoad() {
        return Combinators.combine(Arbitraries.of(Size.B, Size.H, Size.W), registers().injectNull(0.3), imm32())
                .as(Instruction.PacketLoad::new);
    }

    /** True if LLVM 19 prints the instruction without losing information and llvm-mc reads the text back. */
    static boolean llvmRoundTrips(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Call call -> call.kind() == CallKind.HELPER;
            case Instruction.LoadImm64 load -> load.source() == PseudoSource.IMM || load.imm() >>> 32 == 0;
            case Instruction.PacketLoad packet -> packet.index() == null || packet.imm() == 0;
            // llvm-mc 19 reads gotol offsets only as 16-bit numbers, though the field has 32 bits.
            case Instruction.Goto go -> go.offset() >= Short.MIN_VALUE && go.offset() <= Short.MAX_VALUE;
            default -> true;
        };
    }
}
