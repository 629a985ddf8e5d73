package dev.ebpf4j.asm;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static dev.ebpf4j.asm.Register.R10;
import static dev.ebpf4j.asm.Register.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected texts copied from llvm-objdump-19 output; LlvmOracleTest checks many more against the tool itself. */
class DisassemblerTest {

    static Stream<Arguments> llvmTexts() {
        return Stream.of(
                Arguments.of(new Instruction.Alu(true, AluOp.MOV, R0, Operand.of(1)), "r0 = 1"),
                Arguments.of(new Instruction.Alu(false, AluOp.MOV, R1, Operand.of(-1)), "w1 = -1"),
                Arguments.of(new Instruction.Alu(false, AluOp.ADD, R1, Operand.of(R2)), "w1 += w2"),
                Arguments.of(new Instruction.Alu(true, AluOp.NEG, R1, Operand.of(0)), "r1 = -r1"),
                Arguments.of(new Instruction.Alu(true, AluOp.SDIV, R1, Operand.of(R2)), "r1 s/= r2"),
                Arguments.of(new Instruction.Alu(false, AluOp.SMOD, R1, Operand.of(7)), "w1 s%= 7"),
                Arguments.of(new Instruction.Alu(true, AluOp.ARSH, R1, Operand.of(R2)), "r1 s>>= r2"),
                Arguments.of(new Instruction.Alu(true, AluOp.MOVSX8, R1, Operand.of(R2)), "r1 = (s8)r2"),
                Arguments.of(new Instruction.Alu(false, AluOp.MOVSX16, R1, Operand.of(R2)), "w1 = (s16)w2"),
                Arguments.of(new Instruction.ByteSwap(Instruction.SwapKind.TO_BE, 16, R1), "r1 = be16 r1"),
                Arguments.of(new Instruction.ByteSwap(Instruction.SwapKind.TO_LE, 32, R1), "r1 = le32 r1"),
                Arguments.of(new Instruction.ByteSwap(Instruction.SwapKind.SWAP, 64, R1), "r1 = bswap64 r1"),
                Arguments.of(new Instruction.Jump(true, JumpOp.JGT, R1, Operand.of(R2), 3), "if r1 > r2 goto +3"),
                Arguments.of(new Instruction.Jump(true, JumpOp.JEQ, R1, Operand.of(0), 0), "if r1 == 0 goto +0"),
                Arguments.of(new Instruction.Jump(false, JumpOp.JSLT, R1, Operand.of(5), -2), "if w1 s< 5 goto -2"),
                Arguments.of(new Instruction.Jump(true, JumpOp.JSET, R1, Operand.of(R2), 1), "if r1 & r2 goto +1"),
                Arguments.of(new Instruction.Goto(false, -1), "goto -1"),
                Arguments.of(new Instruction.Goto(true, 70000), "gotol +70000"),
                Arguments.of(Instruction.Call.helper(1), "call 1"),
                Arguments.of(Instruction.Call.helper(-1), "call -1"),
                Arguments.of(new Instruction.Exit(), "exit"),
                Arguments.of(new Instruction.Store(Size.W, R10, R1, -4), "*(u32 *)(r10 - 4) = w1"),
                Arguments.of(new Instruction.Store(Size.DW, R10, R1, 0), "*(u64 *)(r10 + 0) = r1"),
                Arguments.of(new Instruction.Store(Size.H, R10, R1, -32768), "*(u16 *)(r10 - 32768) = w1"),
                Arguments.of(new Instruction.StoreImm(Size.B, R10, -4, -1), "*(u8 *)(r10 - 4) = -1"),
                Arguments.of(new Instruction.Load(Size.B, false, R1, R2, 7), "w1 = *(u8 *)(r2 + 7)"),
                Arguments.of(new Instruction.Load(Size.DW, false, R1, R2, -7), "r1 = *(u64 *)(r2 - 7)"),
                Arguments.of(new Instruction.Load(Size.H, true, R1, R2, 0), "r1 = *(s16 *)(r2 + 0)"),
                Arguments.of(new Instruction.LoadImm64(R1, PseudoSource.IMM, 0x1234), "r1 = 4660 ll"),
                Arguments.of(new Instruction.LoadImm64(R1, PseudoSource.IMM, -1), "r1 = -1 ll"),
                Arguments.of(new Instruction.LoadImm64(R1, PseudoSource.MAP_FD, 0xffffffffL), "ld_pseudo\tr1, 1, 4294967295"),
                Arguments.of(new Instruction.Atomic(Size.DW, AtomicOp.ADD, false, R1, R2, 0), "lock *(u64 *)(r1 + 0) += r2"),
                Arguments.of(new Instruction.Atomic(Size.W, AtomicOp.XOR, false, R1, R2, -8), "lock *(u32 *)(r1 - 8) ^= w2"),
                Arguments.of(new Instruction.Atomic(Size.DW, AtomicOp.ADD, true, R1, R0, 0),
                        "r0 = atomic_fetch_add((u64 *)(r1 + 0), r0)"),
                Arguments.of(new Instruction.Atomic(Size.W, AtomicOp.AND, true, R1, R0, 0),
                        "w0 = atomic_fetch_and((u32 *)(r1 + 0), w0)"),
                Arguments.of(new Instruction.Atomic(Size.DW, AtomicOp.XCHG, true, R1, R0, 0), "r0 = xchg_64(r1 + 0, r0)"),
                Arguments.of(new Instruction.Atomic(Size.W, AtomicOp.XCHG, true, R1, R0, 0), "w0 = xchg32_32(r1 + 0, w0)"),
                Arguments.of(new Instruction.Atomic(Size.DW, AtomicOp.CMPXCHG, true, R1, R2, -8),
                        "r0 = cmpxchg_64(r1 - 8, r0, r2)"),
                Arguments.of(new Instruction.Atomic(Size.W, AtomicOp.CMPXCHG, true, R1, R2, 0),
                        "w0 = cmpxchg32_32(r1 + 0, w0, w2)"),
                Arguments.of(new Instruction.PacketLoad(Size.B, null, 12), "r0 = *(u8 *)skb[12]"),
                Arguments.of(new Instruction.PacketLoad(Size.W, null, -5), "r0 = *(u32 *)skb[-5]"),
                Arguments.of(new Instruction.PacketLoad(Size.H, R1, 0), "r0 = *(u16 *)skb[r1]"));
    }

    @ParameterizedTest
    @MethodSource("llvmTexts")
    void printsWhatLlvmObjdumpPrints(Instruction instruction, String text) {
        assertEquals(text, Disassembler.format(instruction));
        assertEquals(text, Disassembler.formatAsObjdump(instruction));
    }

    static Stream<Arguments> lossyInLlvm() {
        return Stream.of(
                Arguments.of(new Instruction.Call(CallKind.FUNCTION, 3, 0), "call pc+3", "call 3"),
                Arguments.of(new Instruction.Call(CallKind.FUNCTION, -1, 0), "call pc-1", "call -1"),
                Arguments.of(new Instruction.Call(CallKind.KFUNC, 100, 0), "call kfunc 100", "call 100"),
                Arguments.of(new Instruction.Call(CallKind.KFUNC, 100, 2), "call kfunc 100, 2", "call 100"),
                Arguments.of(new Instruction.LoadImm64(R1, PseudoSource.MAP_VALUE, 8L << 32 | 5),
                        "ld_pseudo\tr1, 2, 5, 8", "ld_pseudo\tr1, 2, 5"),
                Arguments.of(new Instruction.PacketLoad(Size.B, R1, 5), "r0 = *(u8 *)skb[r1 + 5]", "r0 = *(u8 *)skb[r1]"),
                Arguments.of(new Instruction.PacketLoad(Size.B, R1, -5), "r0 = *(u8 *)skb[r1 - 5]", "r0 = *(u8 *)skb[r1]"));
    }

    @ParameterizedTest
    @MethodSource("lossyInLlvm")
    void keepsWhatLlvmObjdumpLoses(Instruction instruction, String lossless, String objdump) {
        assertEquals(lossless, Disassembler.format(instruction));
        assertEquals(objdump, Disassembler.formatAsObjdump(instruction));
    }

    @org.junit.jupiter.api.Test
    void printsAProgramOneInstructionALine() {
        assertEquals("r0 = 0\nexit\n",
                Disassembler.format(List.of(new Instruction.Alu(true, AluOp.MOV, R0, Operand.of(0)), new Instruction.Exit())));
    }
}
