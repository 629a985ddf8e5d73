package dev.ebpf4j.processor.ir;

/**
 * A global variable of the program class: a {@code @Config} or {@code @Shared} static field.
 *
 * @param name    the field's name, which is the variable's symbol and BTF name (a C identifier)
 * @param role    what the program and user space may do with it
 * @param type    its primitive type ({@code LONG} or {@code INT} for an atomic)
 * @param initial its initial value, normalised to {@code type}
 */
public record GlobalDecl(String name, Role role, Prim type, long initial) {
    /** How a global is declared, which decides its section and the program's access. */
    public enum Role {
        /** {@code @Config}: set before load, frozen, read-only to the program ({@code .rodata}). */
        CONFIG,
        /** {@code @Shared} primitive: plain loads and stores. */
        SHARED,
        /** {@code @Shared} {@code AtomicLong}/{@code AtomicInteger}: atomic adds, loads and stores. */
        ATOMIC
    }

    public GlobalDecl {
        if (type.normalize(initial) != initial) throw new IllegalArgumentException(initial + " is not a " + type.javaName());
    }

    /** The data section that holds it: configuration in {@code .rodata}, state in {@code .data} or, when zero, {@code .bss}, as clang places them. */
    public String section() {
        if (role == Role.CONFIG) return ".rodata";
        return initial == 0 ? ".bss" : ".data";
    }
}
