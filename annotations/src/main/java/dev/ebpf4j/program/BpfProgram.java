package dev.ebpf4j.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a set of eBPF programs: its static methods annotated with a hook
 * ({@link Xdp}, {@link Tc}, {@link SocketFilter}) are entry points, its static fields of a map type
 * are the maps they share, and its other static methods are functions they may call.
 *
 * <p>The ebpf4j processor compiles the class to {@code <Name>.bpf.o} (a standard eBPF object),
 * {@code <Name>.bpf.c} (the same program as C) and a typed skeleton {@code <Name>Skeleton}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface BpfProgram {
    /**
     * The license string placed in the object's {@code license} section. Helpers marked GPL-only
     * by the kernel need a GPL-compatible license ("GPL", "Dual MIT/GPL", "Dual BSD/GPL", ...).
     */
    String license();
}
