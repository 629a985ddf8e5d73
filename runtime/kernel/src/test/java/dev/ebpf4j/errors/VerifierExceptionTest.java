package dev.ebpf4j.errors;


import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifierExceptionTest {
    private static final String LOG = """
            func#0 @0
            0: R1=ctx() R10=fp0
            0: (b7) r0 = 0                        ; R0_w=0
            1: (bf) r0 = r2
            R2 !read_ok
            processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
            """;

    @Test
    void findsTheFailingInstructionAndTheComplaint() {
        VerifierException e = new VerifierException(BpfCommand.PROG_LOAD, Errno.EACCES, "bad", LOG, null);
        assertEquals(OptionalInt.of(1), e.failingInstruction());
        assertEquals("R2 !read_ok", e.complaint());
        assertTrue(e.getMessage().startsWith("program 'bad' rejected by the kernel verifier (EACCES): R2 !read_ok at instruction 1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("1: (bf) r0 = r2"), e.getMessage());
        assertEquals(LOG, e.log());
    }

    @Test
    void namesTheSourcePositionWhenTheLoaderKnowsIt() {
        VerifierException e = new VerifierException(BpfCommand.PROG_LOAD, Errno.EACCES, "bad", LOG,
                index -> index == 1 ? "Filter.java:17" : null);
        assertEquals(Optional.of("Filter.java:17"), e.sourceLocation());
        assertTrue(e.getMessage().contains("at instruction 1 (Filter.java:17)"), e.getMessage());
    }

    @Test
    void anAtomicOrOnAKernelBefore512SaysWhatToDoInstead() {
        String log = """
                func#0 @0
                9: (85) call bpf_map_lookup_elem#1
                10: (15) if r0 == 0x0 goto pc+1
                11: (c3) lock *(u32 *)(r0 +32) += r8
                BPF_XADD uses reserved fields
                processed 12 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
                """;
        VerifierException e = new VerifierException(BpfCommand.PROG_LOAD, Errno.EINVAL, "track", log,
                index -> index == 11 ? "Flows.java:40" : null);
        assertTrue(e.getMessage().startsWith("program 'track' rejected by the kernel verifier (EINVAL): BPF_XADD uses reserved"
                + " fields at instruction 11 (Flows.java:40): this kernel's atomic instructions only add (or, and, xor and fetching"
                + " atomics came with 5.12); update the field with add, or keep the value in a per-CPU map"), e.getMessage());
    }

    @Test
    void linux510sWordsForAnAtomicOrGetTheSameHint() {
        // 5.10 refuses an atomic other than add in its first pass, before verifying: the log is one line
        VerifierException e = new VerifierException(BpfCommand.PROG_LOAD, Errno.EINVAL, "track", "BPF_STX uses reserved fields\n",
                index -> null);
        assertTrue(e.getMessage().startsWith("program 'track' rejected by the kernel verifier (EINVAL): BPF_STX uses reserved"
                + " fields: this kernel's atomic instructions only add (or, and, xor and fetching atomics came with 5.12)"), e.getMessage());
    }

    @Test
    void aLogWithoutInstructionsStillGivesTheComplaint() {
        VerifierException e = new VerifierException(BpfCommand.BTF_LOAD, Errno.EINVAL, "blob",
                "magic: 0xeb9f\n[1] INT int size=4\nInvalid nr_bits\n", null);
        assertEquals(OptionalInt.empty(), e.failingInstruction());
        assertTrue(e.getMessage().startsWith("BTF 'blob' rejected by the kernel verifier (EINVAL): Invalid nr_bits"), e.getMessage());
    }
}
