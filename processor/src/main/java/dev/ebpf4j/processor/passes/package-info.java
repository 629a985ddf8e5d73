/**
 * The optimisation stage: IR-to-IR passes between the front end and the back ends, each a
 * function from a checked {@link dev.ebpf4j.processor.ir.Function} to one with the same
 * semantics — constant folding (whose factory methods the front end also builds with), the
 * clean-up of the inliner's scaffolding, the reuse of a lookup's pointer for the same key, reading a
 * looked-up value's fields through its pointer instead of copying them, the splitting of expressions too deep for the scratch registers, and the local numbering passes that
 * add locals need. Three shape the code for the verifier and for jumps, and only the eBPF back end
 * runs them (the C rendering keeps the Java's order and form, which clang reshapes itself): reading
 * a transport header's fields early so its pointer dies before the paths of an IPv6 walk must merge,
 * and branching on short-circuit conditions and on inlined boolean results instead of materialising
 * them.
 *
 * <p>It depends on the IR alone: never on javac's trees, on the instruction set, on C or on the
 * kernel.
 */
package dev.ebpf4j.processor.passes;
