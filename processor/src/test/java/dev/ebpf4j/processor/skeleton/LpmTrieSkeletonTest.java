package dev.ebpf4j.processor.skeleton;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.LpmKeys;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An LPM trie's accessor is a {@code KernelLpmTrie} of the Java address type, boxed or record. */
class LpmTrieSkeletonTest {
    @Test
    void accessorsAreKernelLpmTriesOfTheAddressType() {
        StructType address = StructType.layout("Routes_Ipv6Address", SkeletonFixtures.PACKAGE + ".Routes$Ipv6Address",
                List.of(new StructType.Component("high", Prim.LONG), new StructType.Component("low", Prim.LONG)));
        ProgramUnit unit = new ProgramUnit(SkeletonFixtures.PACKAGE, "Routes", "Routes.java", "GPL",
                List.of(new MapDecl("v4", MapKind.LPM_TRIE, LpmKeys.layout("v4", Prim.INT), Prim.LONG, 8, 1, false),
                        new MapDecl("v6", MapKind.LPM_TRIE, LpmKeys.layout("v6", address), address, 8, 1, false)),
                List.of(address), List.of(SkeletonFixtures.entry("route", Hook.XDP)));
        String source = SkeletonGenerator.generate(unit).toString();
        for (String expected : List.of(
                "public KernelLpmTrie<Integer, Long> v4()",
                "KernelMaps.lpmTrie(object.map(\"v4\"), Integer.class, Long.class)",
                "public KernelLpmTrie<Routes.Ipv6Address, Routes.Ipv6Address> v6()",
                "KernelMaps.lpmTrie(object.map(\"v6\"), Routes.Ipv6Address.class, Routes.Ipv6Address.class)",
                "longest-prefix-match trie {@code v6}")) {
            assertTrue(source.contains(expected), expected + " in\n" + source);
        }
    }
}
