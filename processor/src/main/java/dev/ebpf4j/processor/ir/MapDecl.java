package dev.ebpf4j.processor.ir;

/**
 * A map field of the program class.
 *
 * @param name       the field's name, which is the map's name in the object (a C identifier)
 * @param kind       the kind of map
 * @param key        the key type (INT for arrays; null for a ring buffer)
 * @param value      the value type (the event type for a ring buffer)
 * @param maxEntries entries (bytes for a ring buffer)
 * @param flags      {@code BPF_F_*} flags
 * @param pinned     pinned by name in the loader's pin directory
 */
public record MapDecl(String name, MapKind kind, ValueType key, ValueType value, int maxEntries, int flags, boolean pinned) {
}
