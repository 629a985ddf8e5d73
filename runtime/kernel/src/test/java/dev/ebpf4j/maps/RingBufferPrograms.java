package dev.ebpf4j.maps;

import dev.ebpf4j.asm.Assembler;
import dev.ebpf4j.asm.AssemblyException;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.types.ProgramType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An XDP program that writes into a ring buffer what its test-run frame asks for: the frame starts
 * with {@code u32 size, u32 mode}, then the payload. Mode 0: {@code bpf_ringbuf_output} of the
 * first {@code size} payload bytes (at most {@link #MAX}), copied to the stack first. Mode 1: reserve 16 bytes, fill them
 * with the payload's first 16, discard. Mode 2: the same, submitted. Returns XDP_PASS (2) when the
 * record was written (or discarded), XDP_DROP (1) when the ring buffer had no room.
 */
public final class RingBufferPrograms {
    public static final int MAX = 512;
    public static final int FRAME = 8 + MAX;
    public static final int PASS = 2;
    public static final int DROP = 1;

    private static final String TEXT = """
                r6 = r1
                r2 = *(u32 *)(r6 + 0)
                r3 = *(u32 *)(r6 + 4)
                r4 = r2
                r4 += %d
                if r4 > r3 goto drop
                r7 = *(u32 *)(r2 + 0)
                r8 = *(u32 *)(r2 + 4)
                if r8 != 0 goto reserve
                if r7 > %d goto drop
            %s
                r1 = 0 ll
                r2 = r10
                r2 += -%d
                r3 = r7
                r4 = 0
                call 130
                if r0 != 0 goto drop
                goto pass
            reserve:
                r1 = 0 ll
                r2 = 16
                r3 = 0
                call 131
                if r0 == 0 goto drop
                r2 = *(u32 *)(r6 + 0)
                r3 = *(u32 *)(r6 + 4)
                r4 = r2
                r4 += 24
                if r4 > r3 goto giveback
                r4 = *(u64 *)(r2 + 8)
                *(u64 *)(r0 + 0) = r4
                r4 = *(u64 *)(r2 + 16)
                *(u64 *)(r0 + 8) = r4
                r1 = r0
                r2 = 0
                if r8 == 2 goto submit
                call 133
                goto pass
            submit:
                call 132
                goto pass
            giveback:
                r1 = r0
                r2 = 0
                call 133
            drop:
                r0 = 1
                exit
            pass:
                r0 = 2
                exit
            """.formatted(FRAME, MAX, copyToStack(), MAX);

    private RingBufferPrograms() {}

    /** The payload into the stack, a word at a time: helpers may not read packet memory. */
    private static String copyToStack() {
        StringBuilder text = new StringBuilder();
        for (int at = 0; at < MAX; at += 8) {
            text.append("    r4 = *(u64 *)(r2 + ").append(8 + at).append(")\n");
            text.append("    *(u64 *)(r10 - ").append(MAX - at).append(") = r4\n");
        }
        return text.toString();
    }

    /** The program, writing into {@code ring}. */
    public static Program load(MapHandle ring) {
        byte[] code;
        try {
            code = InstructionCodec.encode(Assembler.assembleInstructions(TEXT));
        } catch (AssemblyException e) {
            throw new AssertionError(e);
        }
        // every "r1 = 0 ll" is the ring buffer: BPF_PSEUDO_MAP_FD (src 1) with its fd
        for (int at = 0; at < code.length; at += 8) {
            if ((code[at] & 0xff) == 0x18) {
                code[at + 1] = (byte) (code[at + 1] | 0x10);
                ByteBuffer.wrap(code, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(ring.fd());
                at += 8;
            }
        }
        return Program.load(ProgramType.XDP, code, "GPL", "ringbuf_writer");
    }

    /** A frame asking for an output of {@code payload}. */
    public static byte[] output(byte[] payload) {
        return frame(payload.length, 0, payload);
    }

    /** A frame asking for a 16-byte record of {@code payload} that is discarded ({@code submit} false) or submitted. */
    public static byte[] reserved(byte[] payload16, boolean submit) {
        return frame(16, submit ? 2 : 1, payload16);
    }

    private static byte[] frame(int size, int mode, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(size).putInt(mode).put(payload);
        return frame.array();
    }
}
