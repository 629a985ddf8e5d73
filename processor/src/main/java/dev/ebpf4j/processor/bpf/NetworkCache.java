package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.passes.LocalIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The VLAN walk shared between {@code ethernet.ipv4()} and a later {@code ethernet.ipv6()} (or the
 * other way round, or the same view twice): the first one keeps the pointer past the VLAN tags in
 * a hidden local, and the later ones start from there, reading the
 * EtherType just before it, instead of stepping over the tags again.
 *
 * <p>Only where that is plainly the same value: both take the view of the same local, which is
 * never assigned; the producer is a declaration, and each consumer a declaration or an assignment
 * in a later statement of the producer's block, or inside one (so the producer ran whenever a
 * consumer runs: {@code if (ipv4 == null) ipv6 = ethernet.ipv6();}). The producer stores the pointer before the walk and again after it, so
 * a walk that fell short leaves a pointer just past a tag type, which no network view accepts.
 */
final class NetworkCache {
    private final Map<Stmt, Local> producers = new IdentityHashMap<>();
    private final Map<Stmt, Local> consumers = new IdentityHashMap<>();

    private NetworkCache() {}

    static NetworkCache of(Function function) {
        NetworkCache cache = new NetworkCache();
        Set<Integer> assigned = new HashSet<>();
        IrScanner.statements(function.body()).forEach(s -> {
            if (s instanceof Stmt.Assign a) assigned.add(a.local().id());
        });
        cache.new Pairing(assigned, LocalIds.max(function)).scan(function.body());
        return cache;
    }

    /** The hidden local statement {@code s} fills, or null. */
    Local produces(Stmt s) {
        return producers.get(s);
    }

    /** The hidden local statement {@code s} starts from, or null. */
    Local consumes(Stmt s) {
        return consumers.get(s);
    }

    List<Local> hidden() {
        return new ArrayList<>(producers.values());
    }

    /** Pairs producers with consumers in every block, inner blocks first. */
    private final class Pairing extends IrScanner {
        private final Set<Integer> assigned;
        private int maxId;

        Pairing(Set<Integer> assigned, int maxId) {
            this.assigned = assigned;
            this.maxId = maxId;
        }

        @Override
        public void scan(Stmt s) {
            if (s instanceof Stmt.Block b) block(b.statements());
            else super.scan(s);
        }

        @Override
        public void scan(Expr e) {
            // no statements inside expressions
        }

        private void block(List<Stmt> statements) {
            Set<Integer> done = new HashSet<>();
            for (int i = 0; i < statements.size(); i++) {
                scan(statements.get(i));
                Local parent = statements.get(i) instanceof Stmt.Declare ? parent(statements.get(i)) : null;
                if (parent != null && !assigned.contains(parent.id()) && done.add(parent.id())) pair(statements, i, parent);
            }
        }

        /** Makes statement {@code i} the producer for the later views of {@code parent} in {@code statements}. */
        private void pair(List<Stmt> statements, int i, Local parent) {
            Local hidden = null;
            for (int j = i + 1; j < statements.size(); j++) {
                for (Stmt later : IrScanner.statements(statements.get(j)).toList()) {
                    // a view an inner block pairs already keeps its pairing
                    if (producers.containsKey(later) || consumers.containsKey(later)) continue;
                    if (parent(later) instanceof Local p && p.id() == parent.id()) {
                        if (hidden == null) {
                            hidden = new Local(++maxId, "network_" + parent.name(), parent.type());
                            producers.put(statements.get(i), hidden);
                        }
                        consumers.put(later, hidden);
                    }
                }
            }
        }
    }

    /** The Ethernet local whose network view {@code s} declares or assigns, or null. */
    private static Local parent(Stmt s) {
        Expr value = switch (s) {
            case Stmt.Declare d -> d.init();
            case Stmt.Assign a -> a.value();
            default -> null;
        };
        if (value instanceof Expr.IntrinsicCall(var i, var args)
                && (i == Intrinsic.ETHERNET_IPV4 || i == Intrinsic.ETHERNET_IPV6)
                && args.getFirst() instanceof Expr.Read(var parent)) {
            return parent;
        }
        return null;
    }
}
