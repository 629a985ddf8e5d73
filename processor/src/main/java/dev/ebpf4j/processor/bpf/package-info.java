/**
 * The eBPF back end: lowers a checked {@link dev.ebpf4j.processor.ir.ProgramUnit} to instructions
 * (instruction selection, register homes from liveness, a stack frame, view and map-operation
 * lowering, a clean-up of jumps and dead code after) and hands them with their BTF and line info
 * to the runtime's object writer. Before that it runs the IR passes of
 * {@link dev.ebpf4j.processor.passes} that split deep expressions, take down the inliner's
 * scaffolding and read looked-up map values where they are used rather than copying them. A class that emits the instructions of one kind of IR node is an {@code …Emitter}
 * ({@link dev.ebpf4j.processor.bpf.ExpressionEmitter}, {@link dev.ebpf4j.processor.bpf.MapEmitter},
 * …), as the front end's {@code …Lowering} classes turn Java trees into IR.
 *
 * <p>It depends on the IR, its passes and the runtime's pure layers ({@code asm}, {@code btf},
 * {@code object}) only: never on javac's trees, the C back end or the kernel.
 */
package dev.ebpf4j.processor.bpf;
