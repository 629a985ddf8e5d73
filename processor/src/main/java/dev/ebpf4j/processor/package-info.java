/**
 * The ebpf4j annotation processor: it finds {@code @BpfProgram} classes, has the front end lower
 * them once javac has attributed their bodies, and writes what the back ends and the skeleton
 * generator make of them as class-path resources and sources.
 *
 * <p>It must not depend on javac internals ({@code com.sun.tools.javac}): only
 * {@code javax.annotation.processing}, {@code javax.lang.model} and {@code com.sun.source}.
 */
package dev.ebpf4j.processor;
