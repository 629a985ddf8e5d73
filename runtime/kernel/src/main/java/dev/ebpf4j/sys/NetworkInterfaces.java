package dev.ebpf4j.sys;

import java.lang.foreign.Arena;

/** Interface names to indexes, for attach points, through libc's {@code if_nametoindex}. */
public final class NetworkInterfaces {
    private NetworkInterfaces() {}

    /**
     * The index of the named interface in this process's network namespace.
     *
     * @throws IllegalArgumentException if there is no such interface
     */
    public static int indexOf(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int index = Libc.ifNameToIndex(arena.allocateFrom(name));
            if (index == 0) {
                throw new IllegalArgumentException("no network interface named '" + name + "' in this namespace");
            }
            return index;
        }
    }
}
