package dev.ebpf4j.processor.differential;

import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.types.ProgramType;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether this kernel has the atomic instructions other than add ({@code BPF_ATOMIC} with
 * {@code BPF_OR}, 5.12+). Before 5.12 the verifier knows only {@code BPF_XADD} and refuses the
 * others ("BPF_STX uses reserved fields"), so tests whose programs or in place need it skip there,
 * with the reason printed.
 */
final class KernelAtomics {
    private static final String WHY = "this kernel has no atomic or/and/xor (BPF_ATOMIC, Linux 5.12): the program updates a field with or";
    private static volatile Boolean bitwise;

    private KernelAtomics() {}

    /** Skips the calling test where the kernel lacks atomic or, and, xor. */
    static void assumeBitwise() {
        if (!bitwise()) {
            System.out.println("skipping: " + WHY);
            Assumptions.abort(WHY);
        }
    }

    /**
     * The same for a jqwik class: jqwik takes an aborted {@code @BeforeContainer} for a failure, so
     * such a class skips through this hook instead ({@code @AddLifecycleHook(KernelAtomics.SkipWithoutBitwise.class)}).
     */
    static final class SkipWithoutBitwise implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (bitwise()) {
                return SkipResult.doNotSkip();
            }
            System.out.println("skipping: " + WHY);
            return SkipResult.skip(WHY);
        }
    }

    static boolean bitwise() {
        Boolean known = bitwise;
        if (known == null) {
            var code = new CodeBuilder()
                    .mov64(Register.R1, 0).stxdw(Register.R10, -8, Register.R1)
                    .mov64(Register.R2, 1)
                    .atomicOr(Size.DW, Register.R10, -8, Register.R2)
                    .mov64(Register.R0, 0).exit().build();
            try (Program probe = Program.load(ProgramType.XDP, code.encode(), "GPL", "atomic_or")) {
                known = true;
            } catch (BpfException e) {
                known = false;
            }
            bitwise = known;
        }
        return known;
    }
}
