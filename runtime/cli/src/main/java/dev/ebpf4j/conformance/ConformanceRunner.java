package dev.ebpf4j.conformance;

import dev.ebpf4j.asm.CallKind;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.asm.Operand;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.maps.MapSpec;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.types.MapType;
import dev.ebpf4j.types.ProgramType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a program in the kernel with {@code r1} pointing to a copy of {@code memory} and
 * {@code r2} holding its length, and returns the program's whole 64-bit {@code r0}.
 *
 * <p>A test run of an XDP program only reports a 32-bit return value, and the verifier only lets a
 * program touch packet memory after bounds checks that conformance programs do not contain. So the
 * program runs as a bpf-to-bpf subprogram of a small entry program: the memory lives in the value
 * of a one-entry array map (whose size the verifier knows, so constant-offset accesses need no
 * checks), and the entry program stores the returned {@code r0} into a second map that is read
 * back here.
 *
 * <pre>{@code
 * long r0 = ConformanceRunner.run(InstructionCodec.encode(program), new byte[] {1, 2, 3, 4});
 * }</pre>
 */
public final class ConformanceRunner {
    private static final byte[] KEY_ZERO = new byte[4];

    private ConformanceRunner() {}

    /**
     * Loads and runs {@code program}; throws the kernel's refusal (a
     * {@link dev.ebpf4j.errors.VerifierException} with the verifier's log) as it is.
     *
     * @return {@code r0} at the program's exit
     */
    public static long run(byte[] program, byte[] memory) {
        try (MapHandle result = MapHandle.create(MapSpec.of(MapType.ARRAY, 4, 8, 1).withName("conf_result"));
             MapHandle input = memory.length == 0 ? null
                     : MapHandle.create(MapSpec.of(MapType.ARRAY, 4, memory.length, 1).withName("conf_memory"))) {
            if (input != null) {
                input.update(KEY_ZERO, memory);
            }
            byte[] code = withEntry(program, input, result);
            try (Program loaded = Program.load(ProgramType.XDP, code, "GPL", "conformance")) {
                loaded.testRun(new byte[64], 1);
            }
            byte[] r0 = result.lookup(KEY_ZERO).orElseThrow();
            return ByteBuffer.wrap(r0).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    private static byte[] withEntry(byte[] program, MapHandle input, MapHandle result) {
        List<Instruction> entry = new ArrayList<>();
        entry.add(input == null
                ? new Instruction.Alu(true, AluOp.MOV, Register.R1, Operand.of(0))
                : mapValue(Register.R1, input));
        entry.add(new Instruction.Alu(true, AluOp.MOV, Register.R2, Operand.of(input == null ? 0 : input.valueSize())));
        List<Instruction> afterCall = List.of(
                mapValue(Register.R1, result),
                new Instruction.Store(Size.DW, Register.R1, Register.R0, 0),
                new Instruction.Alu(true, AluOp.MOV, Register.R0, Operand.of(2)),
                new Instruction.Exit());
        // The program follows the entry code directly: the call skips what comes after it.
        int afterCallSlots = afterCall.stream().mapToInt(Instruction::slots).sum();
        entry.add(new Instruction.Call(CallKind.FUNCTION, afterCallSlots, 0));
        entry.addAll(afterCall);

        byte[] head = InstructionCodec.encode(entry);
        byte[] code = new byte[head.length + program.length];
        System.arraycopy(head, 0, code, 0, head.length);
        System.arraycopy(program, 0, code, head.length, program.length);
        return code;
    }

    /** {@code dst = &value of map[0]}: an ld_imm64 with the map's fd in the low and offset 0 in the high half. */
    private static Instruction mapValue(Register dst, MapHandle map) {
        return new Instruction.LoadImm64(dst, PseudoSource.MAP_VALUE, Integer.toUnsignedLong(map.fd()));
    }
}
