package dev.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Our text and bytes against LLVM 19's own assembler and disassembler, each test one llvm-mc run. */
class LlvmOracleTest {

    private static final int SAMPLES = 4000;

    @Test
    void llvmAssemblesOurTextToOurBytesAndPrintsOurText() throws Exception {
        List<Instruction> instructions = new ArrayList<>(Instructions.any().sampleStream().limit(SAMPLES).toList());
        instructions.addAll(everyOperationOnce());
        StringBuilder source = new StringBuilder();
        for (Instruction instruction : instructions) {
            source.append(LlvmBpf.llvmMcLine(instruction)).append('\n');
        }
        List<LlvmBpf.Line> dumped = LlvmBpf.assembleAndDump(source.toString()).get(".text");
        assertEquals(instructions.size(), dumped.size());
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < instructions.size(); i++) {
            Instruction instruction = instructions.get(i);
            LlvmBpf.Line line = dumped.get(i);
            String context = instruction + " as " + LlvmBpf.llvmMcLine(instruction);
            checks.add(() -> assertEquals(HexFormat.of().formatHex(InstructionCodec.encode(instruction)),
                    HexFormat.of().formatHex(line.bytes()), context));
            checks.add(() -> assertEquals(Disassembler.formatAsObjdump(instruction), line.text(), context));
        }
        assertAll(checks);
    }

    @Test
    void ourAssemblerMatchesLlvmMcOnAProgramWithSectionsLabelsAndReferences() throws Exception {
        String program = """
                # A program in the spellings clang and people write, not only objdump's.
                    .text
                    .file "oracle.c"
                    .section xdp,"ax",@progbits
                    .globl prog
                    .p2align 3
                    .type prog,@function
                prog:
                    r6 = r1
                    *(u32 *)(r10 - 4) = 0
                    r2 = r10 ; r2 += -4
                    r1 = map ll                     // a relocation: llvm-mc leaves 0
                    call 1
                    if r0 != 0 goto LBB0_4
                    w1 = 2
                    goto LBB0_2
                LBB0_4:
                    r1 = 0x1
                    lock *(u64 *)(r0 + 0) += r1
                    lock *(u32 *)(r0 + 4) += r1
                    r1 = counter ll
                    /* r spelling of a 32-bit load; llvm-mc 19 reads block comments only before a statement */ r2 = *(u32 *)(r1 + 0)
                    w2 += 1
                    *(u32 *)(r1 + 0) = r2
                    r1 = 0
                .LBB0_5:
                    r2 = r6
                    r2 >>= r1
                    r2 &= 0b1
                    if r2 != 0 goto .LBB0_3
                    r1 += 1
                    if r1 != 0144 goto .LBB0_5
                    r1 = *(u64 *)(r0 + 0)
                    r1 = 0xfedcba9876543210 ll
                    if w1 s< -7 goto .LBB0_3
                    r0 = atomic_fetch_xor((u64 *)(r10 - 8), r0)
                    w3 = xchg32_32(r10 - 16, w3)
                    r0 = cmpxchg_64(r10 - 8, r0, r5)
                    r1 = (s16)r1
                    r1 = bswap16 r1
                    r1 = le32 r1
                    r0 = *(u16 *)skb[r6]
                    r0 = *(u8 *)skb[-4]
                    ld_pseudo r2, 1, 3
                    r1 s%= r2
                LBB0_2:
                    call helper                     # another section: a relocation, llvm-mc leaves -1
                    call local                      # a local label of this section: resolved
                    w1 = w0
                .LBB0_3:
                    w0 = w1
                    exit
                local:
                    gotol +2
                    r0 = 0
                    exit
                .Lfunc_end0:
                    .size prog, .Lfunc_end0-prog
                    .section kprobe/sys_open,"ax",@progbits
                    r0 = 1; exit
                    .text
                    .p2align 3
                    .type helper,@function
                helper:
                    w0 = w1
                    w0 *= 3
                    exit
                    .addrsig
                """;
        Map<String, List<LlvmBpf.Line>> llvm = LlvmBpf.assembleAndDump(program);
        Assembly ours = Assembler.assemble(program);
        for (Assembly.Section section : ours.sections()) {
            byte[] expected = concat(llvm.getOrDefault(section.name(), List.of()));
            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(InstructionCodec.encode(section.instructions())),
                    section.name());
        }
        assertEquals(List.of(".text", "xdp", "kprobe/sys_open"), ours.sections().stream().map(Assembly.Section::name).toList());
        assertEquals(List.of("map", "counter", "helper"),
                ours.section("xdp").orElseThrow().references().stream().map(Assembly.Reference::symbol).toList());
    }

    @Test
    void ourAssemblerReadsClangsAssemblyToTheBytesOfClangsObject() throws Exception {
        LlvmBpf.Compiled compiled = LlvmBpf.compile("""
                typedef unsigned long u64; typedef unsigned int u32; typedef unsigned short u16;
                static __attribute__((noinline)) u64 mix(u64 a, u64 b) { return (a ^ (b << 7)) * 0x9e3779b97f4a7c15UL + (b >> 3); }
                static __attribute__((noinline)) int sdiv(int a, int b) { return b ? a / b + a % b : (short) a; }
                __attribute__((section("xdp"))) int prog(void *ctx) {
                  u64 *p = (u64 *) ctx; u32 *q = (u32 *) ctx;
                  u64 acc = 0;
                  for (int i = 0; i < 16; i++) {
                    acc = mix(acc, p[i & 3]);
                    if ((long) acc < -5) acc += sdiv((int) acc, i + 1);
                  }
                  __sync_fetch_and_add(p, acc);
                  __sync_fetch_and_or(q, 3);
                  u64 old = __sync_val_compare_and_swap(p + 1, acc, 7);
                  u32 x = __sync_lock_test_and_set(q + 4, 9);
                  acc += __builtin_bswap64(old) + __builtin_bswap16((u16) x) + (signed char) acc;
                  return (int) acc;
                }
                __attribute__((section("tc"))) int other(void *ctx) { return mix(1, 2) > 5 ? sdiv(7, 3) : 0; }
                """);
        // Not llvm-mc: it rejects "r1 = w0", which clang 19 writes for its zero-extending move.
        Map<String, List<LlvmBpf.Line>> clang = compiled.object();
        Assembly ours = Assembler.assemble(compiled.assembly());
        assertEquals(clang.keySet(), ours.sections().stream().map(Assembly.Section::name).collect(Collectors.toSet()));
        for (Assembly.Section section : ours.sections()) {
            List<LlvmBpf.Line> expected = clang.get(section.name());
            assertEquals(expected.size(), section.instructions().size(), section.name());
            Set<Integer> relocated = section.references().stream().map(Assembly.Reference::index).collect(Collectors.toSet());
            for (int i = 0; i < expected.size(); i++) {
                Instruction instruction = section.instructions().get(i);
                byte[] bytes = InstructionCodec.encode(instruction);
                byte[] theirs = expected.get(i).bytes();
                if (relocated.contains(i)) {
                    // The immediate of a relocated call is the object writer's choice (-1 or a section offset).
                    bytes = Arrays.copyOf(bytes, 4);
                    theirs = Arrays.copyOf(theirs, 4);
                } else {
                    assertEquals(expected.get(i).text(), Disassembler.formatAsObjdump(instruction));
                }
                assertEquals(HexFormat.of().formatHex(theirs), HexFormat.of().formatHex(bytes), section.name() + " " + i);
            }
        }
        assertEquals(List.of("mix", "sdiv", "mix", "sdiv"), ours.sections().stream()
                .flatMap(section -> section.references().stream()).map(Assembly.Reference::symbol).toList());
    }

    private static byte[] concat(List<LlvmBpf.Line> lines) {
        int length = lines.stream().mapToInt(line -> line.bytes().length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (LlvmBpf.Line line : lines) {
            System.arraycopy(line.bytes(), 0, out, at, line.bytes().length);
            at += line.bytes().length;
        }
        return out;
    }

    /** Each operation and access size once, so that a small random sample cannot miss one. */
    private static List<Instruction> everyOperationOnce() {
        List<Instruction> all = new ArrayList<>();
        for (AluOp op : AluOp.values()) {
            for (boolean wide : new boolean[] {true, false}) {
                if (op == AluOp.MOVSX32 && !wide) {
                    continue;
                }
                boolean registerOnly = op == AluOp.MOVSX8 || op == AluOp.MOVSX16 || op == AluOp.MOVSX32;
                all.add(new Instruction.Alu(wide, op, Register.R3, op == AluOp.NEG ? Operand.of(0) : Operand.of(Register.R4)));
                if (!registerOnly && op != AluOp.NEG) {
                    all.add(new Instruction.Alu(wide, op, Register.R3, Operand.of(-3)));
                }
            }
        }
        for (JumpOp op : JumpOp.values()) {
            all.add(new Instruction.Jump(true, op, Register.R1, Operand.of(-1), -1));
            all.add(new Instruction.Jump(false, op, Register.R1, Operand.of(Register.R2), 1));
        }
        for (Size size : Size.values()) {
            all.add(new Instruction.Load(size, false, Register.R1, Register.R10, -8));
            if (size != Size.DW) {
                all.add(new Instruction.Load(size, true, Register.R1, Register.R10, 8));
                all.add(new Instruction.PacketLoad(size, null, 14));
                all.add(new Instruction.PacketLoad(size, Register.R7, 0));
                all.add(new Instruction.PacketLoad(size, Register.R7, 3));
            }
            all.add(new Instruction.Store(size, Register.R10, Register.R1, -8));
            all.add(new Instruction.StoreImm(size, Register.R10, -8, -1));
        }
        for (AtomicOp op : AtomicOp.values()) {
            for (Size size : List.of(Size.W, Size.DW)) {
                all.add(new Instruction.Atomic(size, op, true, Register.R1, Register.R2, -8));
                if (!op.alwaysFetches()) {
                    all.add(new Instruction.Atomic(size, op, false, Register.R1, Register.R2, 8));
                }
            }
        }
        for (PseudoSource source : PseudoSource.values()) {
            all.add(new Instruction.LoadImm64(Register.R1, source, 0xffff_ffffL));
            all.add(new Instruction.LoadImm64(Register.R1, source, 8L << 32 | 4));
        }
        for (Instruction.SwapKind kind : Instruction.SwapKind.values()) {
            for (int width : new int[] {16, 32, 64}) {
                all.add(new Instruction.ByteSwap(kind, width, Register.R9));
            }
        }
        for (int edge : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, Short.MIN_VALUE, Short.MAX_VALUE, -1, 0}) {
            int offset = (short) edge;
            all.add(new Instruction.Alu(true, AluOp.MOV, Register.R0, Operand.of(edge)));
            all.add(new Instruction.Alu(false, AluOp.AND, Register.R0, Operand.of(edge)));
            all.add(new Instruction.Jump(false, JumpOp.JSGE, Register.R0, Operand.of(edge), offset));
            all.add(new Instruction.StoreImm(Size.DW, Register.R10, offset, edge));
            all.add(new Instruction.Load(Size.W, true, Register.R0, Register.R1, offset));
            all.add(new Instruction.Atomic(Size.DW, AtomicOp.CMPXCHG, true, Register.R1, Register.R2, offset));
            all.add(new Instruction.Goto(false, offset));
            all.add(new Instruction.Goto(true, edge));
            all.add(Instruction.Call.helper(edge));
            all.add(new Instruction.PacketLoad(Size.W, null, edge));
            all.add(new Instruction.PacketLoad(Size.W, Register.R2, edge));
            all.add(new Instruction.LoadImm64(Register.R0, PseudoSource.IMM, edge));
            all.add(new Instruction.LoadImm64(Register.R0, PseudoSource.MAP_IDX_VALUE, (long) edge << 32 | (edge & 0xffff_ffffL)));
        }
        all.add(new Instruction.LoadImm64(Register.R0, PseudoSource.IMM, Long.MIN_VALUE));
        all.add(new Instruction.LoadImm64(Register.R0, PseudoSource.IMM, Long.MAX_VALUE));
        all.add(new Instruction.Goto(true, 70000));
        all.add(new Instruction.Goto(true, -70000));
        all.add(new Instruction.Call(CallKind.FUNCTION, 5, 0));
        all.add(new Instruction.Call(CallKind.KFUNC, 5, 3));
        all.add(new Instruction.Exit());
        return all;
    }
}
