package dev.ebpf4j.linking;

import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The last step before loading, separate from linking because it needs file descriptors: map
 * references become {@code ld_imm64} with pseudo source {@code MAP_FD} and the map's fd, global
 * references {@code MAP_VALUE} with the data section map's fd in the low and the offset in the
 * high 32 bits. Still no system call: the fds are given.
 */
public final class Relocations {
    private Relocations() {}

    /**
     * The instruction bytes of {@code program} with every reference patched.
     *
     * @param mapFd the fd of a map by name
     * @param sectionFd the fd of a data section's map by section name
     */
    public static byte[] apply(LinkedProgram program, ToIntFunction<String> mapFd, ToIntFunction<String> sectionFd) {
        List<Instruction> instructions = new ArrayList<>(program.code().instructions());
        for (Reference r : program.code().references()) {
            Instruction.LoadImm64 placeholder = (Instruction.LoadImm64) instructions.get(r.instructionIndex());
            Instruction patched = switch (r.kind()) {
                case MAP -> new Instruction.LoadImm64(placeholder.dst(), PseudoSource.MAP_FD, mapFd.applyAsInt(r.symbol()));
                case GLOBAL -> new Instruction.LoadImm64(placeholder.dst(), PseudoSource.MAP_VALUE,
                        Integer.toUnsignedLong(sectionFd.applyAsInt(r.symbol())) | (long) r.offset() << 32);
                default -> throw new IllegalStateException(r.kind() + " reference left after linking");
            };
            instructions.set(r.instructionIndex(), patched);
        }
        return InstructionCodec.encode(instructions);
    }
}
