package dev.ebpf4j.junit;

import dev.ebpf4j.maps.KernelLpmTrie;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.maps.KernelRingBuffer;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.BpfLpmTrie;
import dev.ebpf4j.program.maps.BpfLruHashMap;
import dev.ebpf4j.program.maps.BpfPerCpuArray;
import dev.ebpf4j.program.maps.BpfPerCpuHashMap;
import dev.ebpf4j.program.maps.BpfRingBuffer;
import dev.ebpf4j.program.maps.LpmTrie;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One map of a program on both sides: the static field the entry method uses on the JVM and the map
 * of the same name the skeleton loaded into the kernel. {@link #copyJvmToKernel} makes the kernel's
 * start where the JVM's is; {@link #differences} says where they part after a run. Per-CPU maps are
 * compared by their sums over CPUs (a test run and a JVM call may count on different CPUs).
 *
 * @param name the field's (and the kernel map's) name
 * @param jvm the JVM map
 * @param kernel the skeleton's typed kernel map
 */
@SuppressWarnings({"unchecked", "rawtypes"})
record MapPair(String name, Object jvm, Object kernel) {
    /** Makes the kernel map hold what the JVM map holds (per-CPU maps and ring buffers: emptied on both sides). */
    void copyJvmToKernel() {
        switch (jvm) {
            case BpfHashMap<?, ?> j -> replaceAll((KernelMap) kernel, ((BpfHashMap) j).entries());
            case BpfLruHashMap<?, ?> j -> replaceAll((KernelMap) kernel, ((BpfLruHashMap) j).entries());
            case BpfArray<?> j -> {
                KernelMap k = (KernelMap) kernel;
                for (Object index : k.keys()) k.put(index, ((BpfArray) j).get(index));
            }
            case BpfPerCpuHashMap<?, ?> j -> {
                j.clear();
                KernelPerCpuMap k = (KernelPerCpuMap) kernel;
                for (Object key : k.keys()) k.remove(key);
            }
            case BpfPerCpuArray<?> j -> {
                j.clear();
                KernelPerCpuMap k = (KernelPerCpuMap) kernel;
                for (Object index : k.keys()) {
                    // The JVM array, just cleared, holds the value type's zero.
                    Object zero = ((BpfPerCpuArray) j).perCpu((Integer) index).getFirst();
                    k.putPerCpu(index, Collections.nCopies(k.possibleCpus(), zero));
                }
            }
            case BpfLpmTrie<?, ?> j -> {
                KernelLpmTrie k = (KernelLpmTrie) kernel;
                for (Object entry : k.entries().keySet()) {
                    LpmTrie.Prefix prefix = (LpmTrie.Prefix) entry;
                    k.remove(prefix.network(), prefix.length());
                }
                ((Map<LpmTrie.Prefix, Object>) (Map) j.entries()).forEach((prefix, value) -> k.put(prefix.network(), prefix.length(), value));
            }
            case BpfRingBuffer<?> j -> {
                j.drain();
                ((KernelRingBuffer) kernel).consume(record -> { });
            }
            default -> throw new IllegalArgumentException("Differential: the map " + name + " is a " + jvm.getClass().getSimpleName()
                    + ", which the differential check does not compare yet");
        }
    }

    /** Where the two maps differ now, one line each; empty when they agree. */
    List<String> differences() {
        List<String> differences = new ArrayList<>();
        switch (jvm) {
            case BpfHashMap<?, ?> j -> compare(((BpfHashMap) j).entries(), ((KernelMap) kernel).entries(), differences);
            case BpfLruHashMap<?, ?> j -> compare(((BpfLruHashMap) j).entries(), ((KernelMap) kernel).entries(), differences);
            case BpfArray<?> j -> {
                Map<Object, Object> kernelEntries = ((KernelMap) kernel).entries();
                Map<Object, Object> jvmEntries = new LinkedHashMap<>();
                for (Object index : kernelEntries.keySet()) jvmEntries.put(index, ((BpfArray) j).get(index));
                compare(jvmEntries, kernelEntries, differences);
            }
            case BpfPerCpuHashMap<?, ?> j -> {
                Map<Object, Object> jvmSums = new LinkedHashMap<>();
                for (Object key : ((BpfPerCpuHashMap) j).keys()) jvmSums.put(key, ((BpfPerCpuHashMap) j).sum(key));
                compare(jvmSums, ((KernelPerCpuMap) kernel).sums(), differences);
            }
            case BpfPerCpuArray<?> j -> {
                Map<Object, Object> kernelSums = ((KernelPerCpuMap) kernel).sums();
                Map<Object, Object> jvmSums = new LinkedHashMap<>();
                for (Object index : kernelSums.keySet()) jvmSums.put(index, ((BpfPerCpuArray) j).sum((Integer) index));
                compare(jvmSums, kernelSums, differences);
            }
            case BpfLpmTrie<?, ?> j -> compare((Map) j.entries(), ((KernelLpmTrie) kernel).entries(), differences);
            case BpfRingBuffer<?> j -> {
                List<Object> kernelRecords = new ArrayList<>();
                ((KernelRingBuffer) kernel).consume(kernelRecords::add);
                List<?> jvmRecords = j.drain();
                if (!jvmRecords.equals(kernelRecords)) {
                    differences.add(name + ": records on the JVM " + jvmRecords + ", in the kernel " + kernelRecords);
                }
            }
            default -> throw new IllegalArgumentException("Differential: the map " + name + " is a " + jvm.getClass().getSimpleName()
                    + ", which the differential check does not compare yet");
        }
        return differences;
    }

    private static void replaceAll(KernelMap kernel, Map<?, ?> entries) {
        for (Object key : kernel.keys()) kernel.remove(key);
        entries.forEach(kernel::put);
    }

    private void compare(Map<?, ?> jvmEntries, Map<?, ?> kernelEntries, List<String> differences) {
        Set<Object> keys = new LinkedHashSet<>(jvmEntries.keySet());
        keys.addAll(kernelEntries.keySet());
        for (Object key : keys) {
            Object onJvm = jvmEntries.get(key);
            Object inKernel = kernelEntries.get(key);
            if (!Objects.equals(onJvm, inKernel)) {
                differences.add(name + "[" + key + "]: " + (onJvm == null ? "absent" : onJvm) + " on the JVM, "
                        + (inKernel == null ? "absent" : inKernel) + " in the kernel");
            }
        }
    }
}
