/**
 * The optimisation stage: IR-to-IR passes between the front end and the back ends, each a
 * function from a checked {@link dev.ebpf4j.processor.ir.Function} to one with the same
 * semantics — constant folding (whose factory methods the front end also builds with), the
 * clean-up of the inliner's scaffolding, the reuse of a lookup's pointer for the same key, reading a
 * looked-up value's fields through its pointer instead of copying them, the splitting of expressions too deep for the scratch registers, and the local numbering passes that
 * add locals need.
 *
 * <p>It depends on the IR alone: never on javac's trees, on the instruction set, on C or on the
 * kernel.
 */
package dev.ebpf4j.processor.passes;
