/**
 * The checked intermediate form between the front end and the two back ends: a program unit of
 * maps, struct types and functions whose bodies are structured statements over typed
 * expressions, with Java's integer semantics made explicit (every conversion, every promotion,
 * every null check of a packet view or a map value).
 *
 * <p>Next to the IR sit its tools, as javac keeps its tree scanner, translator and printer next to
 * its trees: {@link dev.ebpf4j.processor.ir.IrScanner} (the one walk every later stage uses to
 * ask what a tree holds), {@link dev.ebpf4j.processor.ir.IrTranslator} (the one rewrite passes
 * build on) and {@link dev.ebpf4j.processor.ir.IrPrinter} (the text {@code toString()} shows).
 *
 * <p>Everything here is plain immutable data. It must not depend on javac's trees (the front end
 * builds it) nor on the instruction set or C (the back ends read it).
 */
package dev.ebpf4j.processor.ir;
