package dev.ebpf4j.asm;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static dev.ebpf4j.asm.Register.R10;
import static dev.ebpf4j.asm.Register.R2;
import static dev.ebpf4j.asm.Register.R3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ebpf4j.binary.ByteReader;
import dev.ebpf4j.binary.FormatException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InstructionCodecTest {
    /** LLVM syntax, our instruction, and the bytes checked by hand against RFC 9669. */
    private record Example(String llvm, Instruction instruction, String hex) {}

    private static final List<Example> EXAMPLES = List.of(
            new Example("r0 = 0", new Instruction.Alu(true, AluOp.MOV, R0, Operand.of(0)), "b700000000000000"),
            new Example("w1 += w2", new Instruction.Alu(false, AluOp.ADD, R1, Operand.of(R2)), "0c21000000000000"),
            new Example("r1 = -r1", new Instruction.Alu(true, AluOp.NEG, R1, Operand.of(0)), "8701000000000000"),
            new Example("w1 = -w1", new Instruction.Alu(false, AluOp.NEG, R1, Operand.of(0)), "8401000000000000"),
            new Example("r1 s/= 3", new Instruction.Alu(true, AluOp.SDIV, R1, Operand.of(3)), "3701010003000000"),
            new Example("w2 s%= w3", new Instruction.Alu(false, AluOp.SMOD, R2, Operand.of(R3)), "9c32010000000000"),
            new Example("r1 = (s8)r2", new Instruction.Alu(true, AluOp.MOVSX8, R1, Operand.of(R2)), "bf21080000000000"),
            new Example("w1 = (s16)w2", new Instruction.Alu(false, AluOp.MOVSX16, R1, Operand.of(R2)), "bc21100000000000"),
            new Example("r1 = (s32)r2", new Instruction.Alu(true, AluOp.MOVSX32, R1, Operand.of(R2)), "bf21200000000000"),
            new Example("r1 = be16 r1", new Instruction.ByteSwap(Instruction.SwapKind.TO_BE, 16, R1), "dc01000010000000"),
            new Example("r1 = le64 r1", new Instruction.ByteSwap(Instruction.SwapKind.TO_LE, 64, R1), "d401000040000000"),
            new Example("r1 = bswap32 r1", new Instruction.ByteSwap(Instruction.SwapKind.SWAP, 32, R1), "d701000020000000"),
            new Example("if r1 > r2 goto +3", new Instruction.Jump(true, JumpOp.JGT, R1, Operand.of(R2), 3), "2d21030000000000"),
            new Example("if w1 s< -7 goto -1", new Instruction.Jump(false, JumpOp.JSLT, R1, Operand.of(-7), -1), "c601fffff9ffffff"),
            new Example("goto +5", new Instruction.Goto(false, 5), "0500050000000000"),
            new Example("gotol +70000", new Instruction.Goto(true, 70000), "0600000070110100"),
            new Example("call 1", Instruction.Call.helper(1), "8500000001000000"),
            new Example("exit", new Instruction.Exit(), "9500000000000000"),
            new Example("w0 = *(u8 *)(r1 + 2)", new Instruction.Load(Size.B, false, R0, R1, 2), "7110020000000000"),
            new Example("r0 = *(s16 *)(r1 - 2)", new Instruction.Load(Size.H, true, R0, R1, -2), "8910feff00000000"),
            new Example("*(u32 *)(r10 - 4) = w1", new Instruction.Store(Size.W, R10, R1, -4), "631afcff00000000"),
            new Example("*(u64 *)(r10 - 8) = 7", new Instruction.StoreImm(Size.DW, R10, -8, 7), "7a0af8ff07000000"),
            new Example("lock *(u64 *)(r1 + 0) += r2", new Instruction.Atomic(Size.DW, AtomicOp.ADD, false, R1, R2, 0), "db21000000000000"),
            new Example("lock *(u32 *)(r2 + 8) ^= w3", new Instruction.Atomic(Size.W, AtomicOp.XOR, false, R2, R3, 8), "c3320800a0000000"),
            new Example("r0 = atomic_fetch_add((u64 *)(r1 + 8), r0)", new Instruction.Atomic(Size.DW, AtomicOp.ADD, true, R1, R0, 8), "db01080001000000"),
            new Example("r0 = xchg_64(r1 + 0, r0)", new Instruction.Atomic(Size.DW, AtomicOp.XCHG, true, R1, R0, 0), "db010000e1000000"),
            new Example("w0 = cmpxchg32_32(r1 + 4, w0, w2)", new Instruction.Atomic(Size.W, AtomicOp.CMPXCHG, true, R1, R2, 4), "c3210400f1000000"),
            new Example("r1 = 1234605616436508552 ll", new Instruction.LoadImm64(R1, PseudoSource.IMM, 0x1122334455667788L),
                    "1801000088776655" + "0000000044332211"),
            new Example("r0 = *(u16 *)skb[12]", new Instruction.PacketLoad(Size.H, null, 12), "280000000c000000"),
            new Example("r0 = *(u32 *)skb[r3]", new Instruction.PacketLoad(Size.W, R3, 0), "4030000000000000"));

    @Test
    void encodesEachClassToTheBytesOfTheRfc() {
        for (Example example : EXAMPLES) {
            byte[] expected = HexFormat.of().parseHex(example.hex());
            assertArrayEquals(expected, InstructionCodec.encode(example.instruction()), example.llvm());
            assertEquals(example.instruction(), InstructionCodec.decode(expected, 0), example.llvm());
        }
    }

    @Test
    void encodesPseudoLoadsAndCallsWithTheirSourceField() {
        assertEquals("1841000000000000" + "0000000000000000",
                HexFormat.of().formatHex(InstructionCodec.encode(new Instruction.LoadImm64(R1, PseudoSource.FUNC, 0))));
        assertEquals("1821000005000000" + "0000000010000000",
                HexFormat.of().formatHex(InstructionCodec.encode(new Instruction.LoadImm64(R1, PseudoSource.MAP_VALUE, 0x10_0000_0005L))));
        assertEquals("85100000ffffffff", HexFormat.of().formatHex(InstructionCodec.encode(new Instruction.Call(CallKind.FUNCTION, -1, 0))));
        assertEquals("8520030010000000", HexFormat.of().formatHex(InstructionCodec.encode(new Instruction.Call(CallKind.KFUNC, 16, 3))));
    }

    @Test
    void encodesLikeLlvmMcAssembles() throws Exception {
        // LLVM 19's assembler takes only 16-bit gotol offsets; the disassembler test covers gotol.
        List<Example> examples = EXAMPLES.stream().filter(example -> !example.llvm().startsWith("gotol")).toList();
        String output = llvmMc(String.join("\n", examples.stream().map(Example::llvm).toList()));
        Matcher encoding = Pattern.compile("# encoding: \\[([^\\]]*)\\]").matcher(output);
        List<String> encodings = new ArrayList<>();
        while (encoding.find()) {
            encodings.add(encoding.group(1).replace("0x", "").replace(",", ""));
        }
        assertEquals(examples.size(), encodings.size(), output);
        for (int i = 0; i < examples.size(); i++) {
            assertEquals(encodings.get(i), HexFormat.of().formatHex(InstructionCodec.encode(examples.get(i).instruction())), examples.get(i).llvm());
        }
    }

    @Test
    void encodesWhatLlvmMcDisassemblesToTheSameText() throws Exception {
        StringBuilder bytes = new StringBuilder("--disassemble\n");
        for (Example example : EXAMPLES) {
            for (byte b : InstructionCodec.encode(example.instruction())) {
                bytes.append("0x%02x ".formatted(b));
            }
            bytes.append('\n');
        }
        List<String> lines = llvmMc(bytes.toString()).lines().map(String::strip).filter(line -> !line.startsWith(".") && !line.isEmpty()).toList();
        assertEquals(EXAMPLES.stream().map(Example::llvm).toList(), lines);
    }

    /** Runs llvm-mc-19 for little-endian BPF cpu v4 on {@code input}; "--disassemble" as the first line switches direction. */
    private static String llvmMc(String input) throws Exception {
        String llvmMc = onPath("llvm-mc-19");
        assumeTrue(llvmMc != null, "llvm-mc-19 is not on the PATH; skipping the LLVM encoding oracle");
        List<String> command = new ArrayList<>(List.of(llvmMc, "-triple", "bpfel", "-mcpu=v4"));
        if (input.startsWith("--disassemble\n")) {
            command.add("--disassemble");
            input = input.substring("--disassemble\n".length());
        } else {
            command.add("-show-encoding");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(input.concat("\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(dir, tool);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        return null;
    }

    private static FormatException rejects(String hex) {
        return assertThrows(FormatException.class, () -> InstructionCodec.decodeAll(HexFormat.of().parseHex(hex)));
    }

    @Test
    void namesTheOffsetOfAnUnknownOpcode() {
        String exits = "9500000000000000".repeat(3);
        assertEquals("offset 0x18: unknown opcode 0xff", rejects(exits + "ff00000000000000").getMessage());
        assertEquals("offset 0x0: unknown opcode 0xe5", rejects("e500000000000000").getMessage()); // may_goto is not in the RFC
        assertEquals("offset 0x0: unknown opcode 0x8f", rejects("8f01000000000000").getMessage()); // neg with a register source
        assertEquals("offset 0x0: unknown opcode 0xdf", rejects("df01000010000000").getMessage()); // alu64 end with source bit set
        assertEquals("offset 0x0: unknown opcode 0x86", rejects("8600000001000000").getMessage()); // call in jmp32
        assertEquals("offset 0x0: unknown opcode 0x99", rejects("9910000000000000").getMessage()); // sign-extending 64-bit load
        assertEquals("offset 0x0: unknown opcode 0xd3", rejects("d321000000000000").getMessage()); // 8-bit atomic
    }

    @Test
    void rejectsNonZeroReservedFields() {
        assertEquals("offset 0x8: jmp (opcode 0x95): imm is 1 but must be 0 (unused by this opcode)",
                rejects("b700000000000000" + "9500000001000000").getMessage());
        assertEquals("offset 0x0: alu64 (opcode 0xb7): src is 2 but must be 0 (unused by this opcode)", rejects("b720000000000000").getMessage());
        assertEquals("offset 0x0: alu64 (opcode 0xbf): imm is 5 but must be 0 (unused by this opcode)", rejects("bf21000005000000").getMessage());
        assertEquals("offset 0x0: alu (opcode 0x84): imm is 5 but must be 0 (unused by this opcode)", rejects("8401000005000000").getMessage());
        assertEquals("offset 0x0: jmp (opcode 0x85): offset is 3 but must be 0 (unused by this opcode)", rejects("8500030001000000").getMessage());
        assertEquals("offset 0x0: ld (opcode 0x20): dst is 1 but must be 0 (unused by this opcode)", rejects("2001000000000000").getMessage());
    }

    @Test
    void rejectsOffsetsThatSelectNoOperation() {
        assertEquals("offset 0x0: alu64 (opcode 0x37): offset 2 selects no operation; it must be 0 (div), 1 (sdiv)",
                rejects("3701020003000000").getMessage());
        assertEquals("offset 0x0: alu (opcode 0xbc): a sign-extending move from 32 bits (offset 32) exists only in alu64",
                rejects("bc21200000000000").getMessage());
        assertEquals("offset 0x0: alu64 (opcode 0xb7): a sign-extending move (offset 8) needs a register source",
                rejects("b701080000000000").getMessage());
        assertEquals("offset 0x0: alu64 (opcode 0xd7): byte swap width 8 is not 16, 32 or 64", rejects("d701000008000000").getMessage());
    }

    @Test
    void rejectsRegistersAboveR10() {
        assertEquals("offset 0x0: alu64 (opcode 0xbf): src register r11 does not exist (eBPF has r0 to r10)",
                rejects("bfb1000000000000").getMessage());
        assertEquals("offset 0x0: ldx (opcode 0x61): dst register r15 does not exist (eBPF has r0 to r10)",
                rejects("610f000000000000").getMessage());
    }

    @Test
    void rejectsTruncatedAndMalformedWideLoads() {
        assertEquals("offset 0x8: ld (opcode 0x18): ld_imm64 is truncated: its second 8-byte slot is missing",
                rejects("9500000000000000" + "1801000001000000").getMessage());
        assertEquals("offset 0x8: second slot of ld_imm64: opcode is 0x95 but must be 0",
                rejects("1801000001000000" + "9500000000000000").getMessage());
        assertEquals("offset 0x8: second slot of ld_imm64: dst is 1 but must be 0 (unused by this opcode)",
                rejects("1801000001000000" + "0001000000000000").getMessage());
        assertEquals("offset 0x0: ld (opcode 0x18): ld_imm64 src 7 is no pseudo source (0 to 6)",
                rejects("1871000001000000" + "0000000000000000").getMessage());
    }

    @Test
    void rejectsTrailingBytes() {
        assertEquals("offset 0x8: 3 trailing bytes do not make an 8-byte instruction", rejects("9500000000000000" + "000000").getMessage());
    }

    @Test
    void rejectsUnknownAtomicOperations() {
        assertEquals("offset 0x0: stx (opcode 0xdb): atomic operation 0xe0 is not add, or, and, xor (0x00, 0x40, 0x50, 0xa0, each optionally | fetch 0x01), xchg (0xe1) or cmpxchg (0xf1)",
                rejects("db210000e0000000").getMessage());
        assertThrows(FormatException.class, () -> InstructionCodec.decode(HexFormat.of().parseHex("db21000000010000"), 0)); // load-acquire
    }

    @Test
    void reportsFileOffsetsWhenDecodingFromAReader() {
        byte[] file = HexFormat.of().parseHex("00000000" + "9500000000000000" + "ff00000000000000");
        ByteReader section = ByteReader.of(file).slice(4, 16, "section");
        FormatException e = assertThrows(FormatException.class, () -> InstructionCodec.decodeAll(section));
        assertEquals(12, e.offset());
        assertEquals(List.of(new Instruction.Exit()), InstructionCodec.decodeAll(ByteReader.of(file).slice(4, 8, "section")));
    }

    @Test
    void decodesOneInstructionAtAnOffset() {
        byte[] code = InstructionCodec.encode(List.of(new Instruction.Exit(), new Instruction.LoadImm64(R2, PseudoSource.MAP_FD, 7)));
        assertEquals(new Instruction.LoadImm64(R2, PseudoSource.MAP_FD, 7), InstructionCodec.decode(code, 8));
        assertThrows(FormatException.class, () -> InstructionCodec.decode(code, 20));
        assertThrows(IndexOutOfBoundsException.class, () -> InstructionCodec.decode(code, 25));
    }
}
