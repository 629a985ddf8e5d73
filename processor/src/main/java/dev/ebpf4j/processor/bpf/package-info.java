/**
 * The eBPF back end: lowers a checked {@link dev.ebpf4j.processor.ir.ProgramUnit} to instructions
 * (instruction selection, register homes, a stack frame, view and map-operation lowering) and
 * hands them with their BTF and line info to the runtime's object writer.
 *
 * <p>It depends on the IR and on the runtime's pure layers ({@code asm}, {@code btf},
 * {@code object}) only: never on javac's trees, the C back end or the kernel.
 */
package dev.ebpf4j.processor.bpf;
