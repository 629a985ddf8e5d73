package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.CidrFirewall;
import dev.ebpf4j.inspect.CidrFirewall.Rule;
import dev.ebpf4j.inspect.CidrFirewallSkeleton;
import dev.ebpf4j.inspect.Ipv6Address;
import dev.ebpf4j.maps.KernelLpmTrie;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.KernelPerCpuMap;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.program.maps.LpmTrie;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SequencedMap;

/**
 * The rules of a {@link CidrFirewall}, read and changed in its maps: those of a skeleton this
 * process loaded, or those a running instance pinned ({@link #openPinned}), which is how
 * {@code tcpinspect firewall DEV --add/--remove} reaches it. The maps are the only copy of the
 * rules: a running instance lists what they hold at each reading, rules added from outside
 * included. Each rule has an id, its counter's key in {@code ruleHits}; a new rule takes the next
 * id after the largest in use.
 */
public final class FirewallRules implements AutoCloseable {
    /** The maps' names, as pinned under {@code DIR/maps/}. */
    public static final List<String> MAPS = List.of("block4", "allow4", "block6", "allow6", "ruleHits");

    private final KernelLpmTrie<Integer, Rule> block4;
    private final KernelLpmTrie<Integer, Rule> allow4;
    private final KernelLpmTrie<Ipv6Address, Rule> block6;
    private final KernelLpmTrie<Ipv6Address, Rule> allow6;
    private final KernelPerCpuMap<Integer, Long> ruleHits;
    private final List<MapHandle> owned;

    private FirewallRules(KernelLpmTrie<Integer, Rule> block4, KernelLpmTrie<Integer, Rule> allow4, KernelLpmTrie<Ipv6Address, Rule> block6,
                          KernelLpmTrie<Ipv6Address, Rule> allow6, KernelPerCpuMap<Integer, Long> ruleHits, List<MapHandle> owned) {
        this.block4 = block4;
        this.allow4 = allow4;
        this.block6 = block6;
        this.allow6 = allow6;
        this.ruleHits = ruleHits;
        this.owned = owned;
    }

    /** The rules in {@code skeleton}'s maps (closed with the skeleton, not by {@link #close()}). */
    public static FirewallRules of(CidrFirewallSkeleton skeleton) {
        return new FirewallRules(skeleton.block4(), skeleton.allow4(), skeleton.block6(), skeleton.allow6(), skeleton.ruleHits(), List.of());
    }

    /** The rules in the maps a running CidrFirewall pinned in {@code mapsDir}. */
    public static FirewallRules openPinned(Path mapsDir) {
        List<MapHandle> handles = new ArrayList<>();
        try {
            for (String name : MAPS) {
                handles.add(MapHandle.openPinned(mapsDir.resolve(name)));
            }
            return new FirewallRules(KernelMaps.lpmTrie(handles.get(0), Integer.class, Rule.class),
                    KernelMaps.lpmTrie(handles.get(1), Integer.class, Rule.class),
                    KernelMaps.lpmTrie(handles.get(2), Ipv6Address.class, Rule.class),
                    KernelMaps.lpmTrie(handles.get(3), Ipv6Address.class, Rule.class),
                    KernelMaps.perCpu(handles.get(4), Integer.class, Long.class), List.copyOf(handles));
        } catch (RuntimeException e) {
            handles.forEach(MapHandle::close);
            throw e;
        }
    }

    /**
     * Adds {@code rule} to the blocklist ({@code block}) or the allowlist.
     *
     * @throws IllegalArgumentException if the list already holds a rule on that prefix (a trie keeps
     *         one value per prefix), or is full
     */
    public void add(boolean block, FirewallRule rule) {
        Cidr prefix = rule.prefix();
        Rule existing = find(block, prefix);
        if (existing != null) {
            throw new IllegalArgumentException((block ? "--block " : "--allow ") + rule + ": the " + list(block) + " already has a rule on "
                    + prefix + " (" + describe(prefix, existing) + "); the firewall keeps one rule per prefix and list: remove that one first");
        }
        int id = nextId();
        Rule value = new Rule(id, prefix.length(), rule.port().orElse(CidrFirewall.ANY_PORT));
        boolean stored = prefix.isIpv6()
                ? (block ? block6 : allow6).put(SynGuardProbe.ipv6(prefix), prefix.length(), value)
                : (block ? block4 : allow4).put(SynGuardProbe.ipv4(prefix), prefix.length(), value);
        if (!stored) {
            throw new IllegalArgumentException((block ? "--block " : "--allow ") + rule + ": the " + list(block) + " is full");
        }
    }

    /**
     * Removes {@code rule} from the blocklist ({@code block}) or the allowlist.
     *
     * @throws IllegalArgumentException if the list has no such rule
     */
    public void remove(boolean block, FirewallRule rule) {
        Cidr prefix = rule.prefix();
        Rule existing = find(block, prefix);
        if (existing == null || existing.port() != rule.port().orElse(CidrFirewall.ANY_PORT)) {
            throw new IllegalArgumentException("--remove " + rule + ": the " + list(block) + " has no such rule"
                    + (existing == null ? "" : " (it has " + describe(prefix, existing) + ")"));
        }
        boolean removed = prefix.isIpv6()
                ? (block ? block6 : allow6).remove(SynGuardProbe.ipv6(prefix), prefix.length())
                : (block ? block4 : allow4).remove(SynGuardProbe.ipv4(prefix), prefix.length());
        if (removed) {
            ruleHits.remove(existing.id());
        }
    }

    /**
     * Checks that {@link #remove removing} {@code removes} and then {@link #add adding}
     * {@code adds} from the blocklist ({@code block}) or the allowlist can be done, without doing
     * it: so that a change is refused before any of it is made.
     *
     * @throws IllegalArgumentException as {@code remove} or {@code add} would, for the first rule that cannot be
     */
    public void check(boolean block, List<FirewallRule> removes, List<FirewallRule> adds) {
        java.util.Set<Cidr> freed = new java.util.HashSet<>();
        for (FirewallRule rule : removes) {
            Rule existing = find(block, rule.prefix());
            if (existing == null || existing.port() != rule.port().orElse(CidrFirewall.ANY_PORT) || !freed.add(rule.prefix())) {
                throw new IllegalArgumentException("--remove " + rule + ": the " + list(block) + " has no such rule"
                        + (existing == null ? "" : " (it has " + describe(rule.prefix(), existing) + ")"));
            }
        }
        java.util.Set<Cidr> taken = new java.util.HashSet<>();
        for (FirewallRule rule : adds) {
            Rule existing = freed.contains(rule.prefix()) ? null : find(block, rule.prefix());
            if (existing != null || !taken.add(rule.prefix())) {
                throw new IllegalArgumentException((block ? "--block " : "--allow ") + rule + ": the " + list(block) + " already has a rule on "
                        + rule.prefix() + (existing == null ? "" : " (" + describe(rule.prefix(), existing) + ")")
                        + "; the firewall keeps one rule per prefix and list: remove that one first");
            }
        }
    }

    /** Whether the blocklist ({@code block}) or the allowlist has exactly {@code rule}. */
    public boolean has(boolean block, FirewallRule rule) {
        Rule existing = find(block, rule.prefix());
        return existing != null && existing.port() == rule.port().orElse(CidrFirewall.ANY_PORT);
    }

    /** The block rules with the packets each dropped, in the order they were added. */
    public SequencedMap<FirewallRule, Long> dropped() {
        record Entry(int id, FirewallRule rule) {}
        List<Entry> rules = new ArrayList<>();
        for (Map.Entry<LpmTrie.Prefix<Integer>, Rule> e : block4.entries().entrySet()) {
            rules.add(new Entry(e.getValue().id(), rule(cidr4(e.getKey().network(), e.getKey().length()), e.getValue())));
        }
        for (Map.Entry<LpmTrie.Prefix<Ipv6Address>, Rule> e : block6.entries().entrySet()) {
            rules.add(new Entry(e.getValue().id(), rule(cidr6(e.getKey().network(), e.getKey().length()), e.getValue())));
        }
        rules.sort(Comparator.comparingInt(Entry::id));
        SequencedMap<FirewallRule, Long> dropped = new LinkedHashMap<>();
        for (Entry entry : rules) {
            dropped.put(entry.rule(), ruleHits.sum(entry.id()));
        }
        return dropped;
    }

    private Rule find(boolean block, Cidr prefix) {
        if (prefix.isIpv6()) {
            Ipv6Address network = SynGuardProbe.ipv6(prefix);
            return (block ? block6 : allow6).entries().get(new LpmTrie.Prefix<>(network, prefix.length()));
        }
        return (block ? block4 : allow4).entries().get(new LpmTrie.Prefix<>(SynGuardProbe.ipv4(prefix), prefix.length()));
    }

    private int nextId() {
        int max = 0;
        for (Rule rule : block4.entries().values()) max = Math.max(max, rule.id());
        for (Rule rule : allow4.entries().values()) max = Math.max(max, rule.id());
        for (Rule rule : block6.entries().values()) max = Math.max(max, rule.id());
        for (Rule rule : allow6.entries().values()) max = Math.max(max, rule.id());
        return max + 1;
    }

    private static String list(boolean block) {
        return block ? "blocklist" : "allowlist";
    }

    private static String describe(Cidr prefix, Rule rule) {
        return rule(prefix, rule).toString();
    }

    private static FirewallRule rule(Cidr prefix, Rule rule) {
        return new FirewallRule(prefix, rule.port() == CidrFirewall.ANY_PORT ? OptionalInt.empty() : OptionalInt.of(rule.port()));
    }

    private static Cidr cidr4(int network, int length) {
        return new Cidr(ByteBuffer.allocate(4).putInt(network).array(), length);
    }

    private static Cidr cidr6(Ipv6Address network, int length) {
        return new Cidr(ByteBuffer.allocate(16).putLong(network.high()).putLong(network.low()).array(), length);
    }

    @Override
    public void close() {
        owned.forEach(MapHandle::close);
    }
}
