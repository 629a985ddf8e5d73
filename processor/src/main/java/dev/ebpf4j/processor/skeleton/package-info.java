/**
 * Generates the typed skeleton of a program class: Java source (JavaPoet) that loads the
 * program's object from the class path and gives each map with its Java key and value types and
 * each entry program, backed by the runtime's {@code dev.ebpf4j.skeleton} package.
 *
 * <p>It reads only the {@code processor.ir} declarations (maps, structs, entry functions, never
 * function bodies) and names runtime types; it must not depend on the front end, the back ends or
 * anything that talks to the kernel.
 */
package dev.ebpf4j.processor.skeleton;
