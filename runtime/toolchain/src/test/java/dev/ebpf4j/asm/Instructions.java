package dev.ebpf4j.asm;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for every instruction the model can express: each record, each operation,
 * size, source and pseudo kind that is valid for it. Reused by the codec's and the text
 * assembler's properties: {@code @Provide Arbitrary<Instruction> any() { return Instructions.any(); }}.
 */
public final class Instructions {
    private Instructions() {}

    /** Any instruction, each record equally likely. */
    public static Arbitrary<Instruction> any() {
        return Arbitraries.oneOf(
                alu(), byteSwap(), jump(), jumpTo(), call(), exit(), load(), storeImm(), store(), atomic(), loadImm64(), packetLoad());
    }

    public static Arbitrary<Register> registers() {
        return Arbitraries.of(Register.class);
    }

    /** Signed 16-bit values, as an int, with the edges. */
    public static Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
    }

    public static Arbitrary<Integer> immediates() {
        return Arbitraries.integers();
    }

    public static Arbitrary<Operand> operands() {
        return Arbitraries.oneOf(registers().map(Operand::of), immediates().map(Operand::of));
    }

    public static Arbitrary<Instruction> alu() {
        Arbitrary<Instruction> plain = Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of(Arrays.stream(AluOp.values()).filter(op -> op != AluOp.NEG && !isMovsx(op)).toList()),
                        registers(),
                        operands())
                .as(Instruction.Alu::new);
        Arbitrary<Instruction> neg = Combinators.combine(Arbitraries.of(true, false), registers())
                .as((wide, dst) -> new Instruction.Alu(wide, AluOp.NEG, dst, Operand.of(0)));
        Arbitrary<Instruction> movsx = Combinators.combine(
                        Arbitraries.of(true, false), Arbitraries.of(AluOp.MOVSX8, AluOp.MOVSX16, AluOp.MOVSX32), registers(), registers())
                .filter((wide, op, dst, src) -> wide || op != AluOp.MOVSX32)
                .as((wide, op, dst, src) -> new Instruction.Alu(wide, op, dst, Operand.of(src)));
        return Arbitraries.oneOf(plain, neg, movsx);
    }

    private static boolean isMovsx(AluOp op) {
        return op == AluOp.MOVSX8 || op == AluOp.MOVSX16 || op == AluOp.MOVSX32;
    }

    public static Arbitrary<Instruction> byteSwap() {
        return Combinators.combine(Arbitraries.of(Instruction.SwapKind.class), Arbitraries.of(16, 32, 64), registers())
                .as(Instruction.ByteSwap::new);
    }

    public static Arbitrary<Instruction> jump() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(JumpOp.class), registers(), operands(), offsets())
                .as(Instruction.Jump::new);
    }

    /** {@code goto} and {@code gotol}. */
    public static Arbitrary<Instruction> jumpTo() {
        return Arbitraries.oneOf(
                offsets().map(offset -> new Instruction.Goto(false, offset)),
                immediates().map(offset -> new Instruction.Goto(true, offset)));
    }

    public static Arbitrary<Instruction> call() {
        return Arbitraries.oneOf(
                immediates().map(Instruction.Call::helper),
                immediates().map(imm -> new Instruction.Call(CallKind.FUNCTION, imm, 0)),
                Combinators.combine(immediates(), offsets()).as((imm, module) -> new Instruction.Call(CallKind.KFUNC, imm, module)));
    }

    public static Arbitrary<Instruction> exit() {
        return Arbitraries.just(new Instruction.Exit());
    }

    public static Arbitrary<Instruction> load() {
        return Combinators.combine(Arbitraries.of(Size.class), Arbitraries.of(true, false), registers(), registers(), offsets())
                .filter((size, signExtend, dst, src, offset) -> !(signExtend && size == Size.DW))
                .as(Instruction.Load::new);
    }

    public static Arbitrary<Instruction> storeImm() {
        return Combinators.combine(Arbitraries.of(Size.class), registers(), offsets(), immediates()).as(Instruction.StoreImm::new);
    }

    public static Arbitrary<Instruction> store() {
        return Combinators.combine(Arbitraries.of(Size.class), registers(), registers(), offsets()).as(Instruction.Store::new);
    }

    public static Arbitrary<Instruction> atomic() {
        return Combinators.combine(
                        Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), Arbitraries.of(true, false), registers(), registers(), offsets())
                .filter((size, op, fetch, dst, src, offset) -> fetch || !op.alwaysFetches())
                .as(Instruction.Atomic::new);
    }

    public static Arbitrary<Instruction> loadImm64() {
        return Combinators.combine(registers(), Arbitraries.of(PseudoSource.class), Arbitraries.longs()).as(Instruction.LoadImm64::new);
    }

    public static Arbitrary<Instruction> packetLoad() {
        return Combinators.combine(Arbitraries.of(Size.B, Size.H, Size.W), registers().injectNull(0.3), immediates())
                .as(Instruction.PacketLoad::new);
    }
}
