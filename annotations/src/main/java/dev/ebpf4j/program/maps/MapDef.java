package dev.ebpf4j.program.maps;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The size and flags of a map field. The kind, key and value types are in the field's type.
 *
 * <p>Runtime retention: the in-memory maps of the JVM execution read it to size themselves.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface MapDef {
    /** The number of entries (for a ring buffer: its size in bytes, a power of two times the page size). */
    int maxEntries();

    /** {@code BPF_F_*} map flags, e.g. {@link #NO_PREALLOC}. */
    int flags() default 0;

    /** True to pin the map by its name in the loader's pin directory, reusing a compatible pinned map. */
    boolean pinned() default false;

    /** {@code BPF_F_NO_PREALLOC}: allocate hash map entries on insertion. */
    int NO_PREALLOC = 1;
}
