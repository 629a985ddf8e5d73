/**
 * The front end: javac's attributed trees of a {@code @BpfProgram} class, read through the public
 * {@code com.sun.source} and {@code javax.lang.model} APIs, checked against the subset the kernel
 * can run and lowered to {@link dev.ebpf4j.processor.ir} (folding constants as it builds, with
 * {@link dev.ebpf4j.processor.passes.ConstantFolder}); every refusal is an error at the exact
 * source position.
 *
 * <p>It must not depend on javac internals ({@code com.sun.tools.javac}), on the back ends, nor
 * throw on user code: anything it cannot compile becomes a diagnostic.
 */
package dev.ebpf4j.processor.frontend;
