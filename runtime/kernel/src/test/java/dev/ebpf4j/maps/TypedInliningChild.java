package dev.ebpf4j.maps;

import dev.ebpf4j.types.MapType;

import java.lang.management.ManagementFactory;

/**
 * The loop of {@link TypedMapsTest#aTypedGetAndPutAllocateNothingInAFreshJvm}, run in a JVM of its
 * own: typed puts and gets of keys and values past the JDK's box caches, in rounds, until a round
 * allocates nothing per call. Prints the least a round of 20,000 allocated, in bytes.
 */
public final class TypedInliningChild {
    private TypedInliningChild() {
    }

    public static void main(String[] args) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (MapHandle hash = MapHandle.create(MapSpec.of(MapType.HASH, 4, 8, 16).withName("inlined"))) {
            KernelMap<Integer, Long> byKey = KernelMaps.of(hash, Integer.class, Long.class);
            long sink = 0;
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 30 && least >= 20_000; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    int key = 1_000 + (i & 7);
                    byKey.put(key, 1_000_000L + i);
                    Long found = byKey.get(key);
                    sink += found == null ? -1 : found;
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            if (sink <= 0) throw new AssertionError("the gets found nothing");
            System.out.println("least " + least);
        }
    }
}
