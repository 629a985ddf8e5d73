package dev.ebpf4j.maps.typed;

import dev.ebpf4j.program.maps.Size;

/** Records whose C twins are in fixtures/btf/typed_structs.c. */
final class Structs {
    private Structs() {}

    record Mixed(byte proto, int addr, @Size(6) byte[] mac) {}

    record Wide(short a, long b, byte c) {}

    record Flags(boolean on, char ch, @Size(3) int[] words, long total) {}

    record Outer(byte tag, Wide inner, @Size(3) short[] tail) {}
}
