/**
 * The eBPF back end: lowers a checked {@link dev.ebpf4j.processor.ir.ProgramUnit} to instructions
 * (instruction selection, register homes from liveness, a stack frame, view and map-operation
 * lowering, a clean-up of the inliner's scaffolding before and of jumps and dead code after) and
 * hands them with their BTF and line info to the runtime's object writer.
 *
 * <p>It depends on the IR and on the runtime's pure layers ({@code asm}, {@code btf},
 * {@code object}) only: never on javac's trees, the C back end or the kernel.
 */
package dev.ebpf4j.processor.bpf;
