package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.Ipv6Address;
import dev.ebpf4j.inspect.SynGuard;
import dev.ebpf4j.maps.KernelLpmTrie;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.program.maps.LpmTrie;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The allowlist of a running {@link SynGuard}, in the LPM tries it pinned ({@code allow4},
 * {@code allow6}): how {@code tcpinspect guard DEV --add-allow/--remove-allow} reaches it. A change
 * is checked whole against what the tries hold before any of it is made ({@link #check}), and
 * {@link #apply} undoes what it made if the kernel refuses a step, so a change is made entirely or
 * not at all.
 */
public final class GuardAllowlist implements AutoCloseable {
    /** The maps' names, as pinned under {@code DIR/maps/}. */
    public static final List<String> MAPS = List.of("allow4", "allow6");
    private final KernelLpmTrie<Integer, Byte> allow4;
    private final KernelLpmTrie<Ipv6Address, Byte> allow6;
    private final List<MapHandle> owned;

    private GuardAllowlist(KernelLpmTrie<Integer, Byte> allow4, KernelLpmTrie<Ipv6Address, Byte> allow6, List<MapHandle> owned) {
        this.allow4 = allow4;
        this.allow6 = allow6;
        this.owned = owned;
    }

    /** The allowlist in the maps a running SynGuard pinned in {@code mapsDir}. */
    public static GuardAllowlist openPinned(Path mapsDir) {
        List<MapHandle> handles = new ArrayList<>();
        try {
            for (String name : MAPS) {
                handles.add(MapHandle.openPinned(mapsDir.resolve(name)));
            }
            return new GuardAllowlist(KernelMaps.lpmTrie(handles.get(0), Integer.class, Byte.class),
                    KernelMaps.lpmTrie(handles.get(1), Ipv6Address.class, Byte.class), List.copyOf(handles));
        } catch (RuntimeException e) {
            handles.forEach(MapHandle::close);
            throw e;
        }
    }

    /** The prefixes allowlisted now, IPv4 ones first. */
    public List<Cidr> prefixes() {
        List<Cidr> prefixes = new ArrayList<>();
        for (LpmTrie.Prefix<Integer> p : allow4.entries().keySet()) {
            prefixes.add(new Cidr(ByteBuffer.allocate(4).putInt(p.network()).array(), p.length()));
        }
        for (LpmTrie.Prefix<Ipv6Address> p : allow6.entries().keySet()) {
            prefixes.add(new Cidr(ByteBuffer.allocate(16).putLong(p.network().high()).putLong(p.network().low()).array(), p.length()));
        }
        return prefixes;
    }

    /**
     * Checks that removing {@code removes} and then adding {@code adds} can be done: each removed
     * prefix is in the list, each added one is not (after the removals), and the tries have room.
     *
     * @throws IllegalArgumentException naming the first prefix that cannot be, and why
     */
    public void check(List<Cidr> removes, List<Cidr> adds) {
        Set<Cidr> now = new HashSet<>(prefixes());
        for (Cidr prefix : removes) {
            if (!now.remove(prefix)) {
                throw new IllegalArgumentException("--remove-allow " + prefix + ": the allowlist has no such prefix");
            }
        }
        for (Cidr prefix : adds) {
            if (!now.add(prefix)) {
                throw new IllegalArgumentException("--add-allow " + prefix + ": the allowlist already has it");
            }
        }
        for (boolean v6 : new boolean[] {false, true}) {
            int capacity = owned.get(v6 ? 1 : 0).maxEntries();   // the pinned trie's own, as the program declared it
            if (now.stream().filter(p -> p.isIpv6() == v6).count() > capacity) {
                throw new IllegalArgumentException("--add-allow: the " + (v6 ? "IPv6" : "IPv4") + " allowlist holds at most " + capacity
                        + " prefixes");
            }
        }
    }

    /**
     * Removes {@code removes}, then adds {@code adds}, as {@link #check} found possible; if the
     * kernel refuses a step, undoes the steps made before it and rethrows.
     */
    public void apply(List<Cidr> removes, List<Cidr> adds) {
        List<Runnable> undo = new ArrayList<>();
        try {
            for (Cidr prefix : removes) {
                require(remove(prefix), "--remove-allow " + prefix + ": the kernel did not remove it");
                undo.add(() -> put(prefix));
            }
            for (Cidr prefix : adds) {
                require(put(prefix), "--add-allow " + prefix + ": the kernel did not store it (is the allowlist full?)");
                undo.add(() -> remove(prefix));
            }
        } catch (RuntimeException e) {
            for (Runnable step : undo.reversed()) {
                step.run();
            }
            throw e;
        }
    }

    private boolean put(Cidr prefix) {
        return prefix.isIpv6() ? allow6.put(SynGuardProbe.ipv6(prefix), prefix.length(), (byte) 1)
                : allow4.put(SynGuardProbe.ipv4(prefix), prefix.length(), (byte) 1);
    }

    private boolean remove(Cidr prefix) {
        return prefix.isIpv6() ? allow6.remove(SynGuardProbe.ipv6(prefix), prefix.length())
                : allow4.remove(SynGuardProbe.ipv4(prefix), prefix.length());
    }

    private static void require(boolean done, String otherwise) {
        if (!done) {
            throw new IllegalStateException(otherwise);
        }
    }

    @Override
    public void close() {
        owned.forEach(MapHandle::close);
    }
}
