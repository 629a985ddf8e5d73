package dev.ebpf4j.programs;

import dev.ebpf4j.types.ProgramType;

import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * What the kernel reports about a loaded program ({@code BPF_OBJ_GET_INFO_BY_FD}).
 *
 * @param tag the kernel's hash of the instructions, 8 bytes, as bpftool shows it
 * @param jitedLength bytes of machine code, 0 without the JIT
 * @param xlatedLength bytes of instructions after the verifier's rewrites
 * @param mapIds the ids of the maps the program uses
 * @param verifiedInstructions instructions the verifier processed (5.16+)
 */
public record ProgramInfo(ProgramType type, int id, String name, byte[] tag, int jitedLength, int xlatedLength,
                          int[] mapIds, boolean gplCompatible, int btfId, OptionalInt verifiedInstructions) {
    /** The tag in hex, as {@code bpftool prog} prints it. */
    public String tagHex() {
        return HexFormat.of().formatHex(tag);
    }
}
