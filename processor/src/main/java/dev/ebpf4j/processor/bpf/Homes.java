package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.Stmt;
import dev.ebpf4j.processor.ir.ViewKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Register allocation of locals: the most used locals (a use inside a loop counts eight times per
 * nesting level) live in the callee-saved r6–r9, which survive helper calls; the rest live in
 * 8-byte stack slots. Locals that do not {@link Interference interfere} share a register or slot.
 *
 * <p>Where the compiler offers them, a local that no call outlives or reads
 * ({@link Interference.Result#acrossCalls}) takes one of the caller-saved registers offered first,
 * so that r6–r9 stay free for the values calls outlive; the temporaries then do without those
 * ({@link Temps#reserve}). A parameter stays in the register it arrives in where that is offered.
 * A local bound for the stack that is a field of a shared key lives in that field of the key's
 * area ({@link KeyAreas#fieldHomes}).
 *
 * <p>The context pointer counts a use for every view or context accessor, since each bounds check
 * reads {@code data_end} through it — unless a {@link PacketEnd} local holds {@code data_end},
 * which then counts those uses.
 */
final class Homes {
    /**
     * Where a local lives: a register, or a stack slot at {@code offset} from r10 of {@code width}
     * bytes (8, or 4 for an int in its key's area).
     */
    record Home(Register register, int offset, int width) {
        Home(Register register, int offset) {
            this(register, offset, 8);
        }

        boolean inRegister() {
            return register != null;
        }
    }

    private static final Register[] SAVED = {Register.R6, Register.R7, Register.R8, Register.R9};
    private final Map<Integer, Home> homes = new HashMap<>();
    private final Set<Register> callerHomes = new HashSet<>();

    private final PacketEnd packetEnd;
    private final Set<Stmt> deadStores;
    private final Map<Stmt, Set<Integer>> liveAfterIf;

    Homes(Function function, StackFrame frame, NetworkCache network, KeyAreas keys, List<Register> caller) {
        PacketEnd packetEnd = PacketEnd.of(function, network);
        this.packetEnd = packetEnd;
        Local context = function.parameters().stream().filter(p -> p.type() instanceof ContextType).findFirst().orElse(null);
        Uses uses = new Uses(packetEnd, context, keys);
        for (Local p : function.parameters()) uses.use(p);
        uses.scan(function.body());
        Map<Integer, Long> weights = uses.weights;
        Map<Integer, Local> locals = uses.locals;

        // Most used first: each takes a register, then a stack slot, that no local it interferes
        // with holds, so locals whose live ranges are apart share one.
        for (Local hidden : network.hidden()) {
            locals.put(hidden.id(), hidden);
            weights.put(hidden.id(), 2L);
        }
        Interference.Result analysis = Interference.of(function, network, packetEnd, keys);
        Map<Integer, Set<Integer>> interference = analysis.edges();
        this.deadStores = analysis.deadStores();
        this.liveAfterIf = analysis.liveAfterIf();
        List<Integer> order = new ArrayList<>(weights.keySet());
        order.sort(Comparator.comparingLong((Integer id) -> -weights.get(id)));
        // Arrays live in stack areas of their own size, never in registers.
        for (int id : List.copyOf(order)) {
            if (locals.get(id).type() instanceof dev.ebpf4j.processor.ir.ArrayType array) {
                homes.put(id, new Home(null, frame.allocate(array.size())));
                order.remove((Integer) id);
            }
        }
        Map<Integer, Set<Integer>> copies = copies(function);
        List<Integer> slots = new ArrayList<>();
        // Parameters arrive in r1–r5 and move to their homes one by one: a parameter may stay
        // where it arrives, or move to a register no parameter arrives in.
        Map<Integer, Register> arrivals = new HashMap<>();
        for (int i = 0; i < function.parameters().size(); i++) arrivals.put(function.parameters().get(i).id(), Register.of(i + 1));
        int parameterCount = function.parameters().size();
        Map<Integer, Integer> keyFields = keys.fieldHomes(function);
        Set<Home> keyFieldHomes = new HashSet<>();
        for (int id : order) {
            Set<Home> taken = new HashSet<>();
            for (int other : interference.getOrDefault(id, Set.of())) {
                Home h = homes.get(other);
                if (h != null) taken.add(h);
            }
            // A local copied to or from another takes that one's home where it is free and of the
            // kind it would take anyway (a register while one is free, else a slot): the copy then
            // moves nothing, and no other local loses a register to it.
            List<Home> partners = new ArrayList<>();
            for (int partner : copies.getOrDefault(id, Set.of())) {
                Home h = homes.get(partner);
                if (h != null && !taken.contains(h)) partners.add(h);
            }
            Home home = null;
            boolean callFree = !analysis.acrossCalls().contains(id);
            List<Register> offered = new ArrayList<>();
            Register arrival = arrivals.get(id);
            if (callFree && arrival != null && caller.contains(arrival)) offered.add(arrival);
            for (Register r : callFree ? caller : List.<Register>of()) {
                if (arrival == null || r.number() > parameterCount) offered.add(r);
            }
            for (Register r : offered) {
                if (!taken.contains(new Home(r, 0))) {
                    home = new Home(r, 0);
                    break;
                }
            }
            for (Register r : SAVED) {
                if (home != null) break;
                if (!taken.contains(new Home(r, 0))) {
                    home = new Home(r, 0);
                    break;
                }
            }
            if (home != null) {
                home = partners.stream().filter(h -> h.inRegister() && (callFree || !Temps.isTemp(h.register())))
                        .findFirst().orElse(home);
            } else if (keyFields.containsKey(id)) {
                // its field in the key's area, which holds nothing else: no slot of its own, and no
                // store when the key is built
                Local local = locals.get(id);
                home = new Home(null, keyFields.get(id), ((Prim) local.type()).size());
            } else {
                home = partners.stream().filter(h -> !h.inRegister() && !keyFieldHomes.contains(h)).findFirst().orElse(null);
            }
            for (int i = 0; home == null && i < slots.size(); i++) {
                if (!taken.contains(new Home(null, slots.get(i)))) home = new Home(null, slots.get(i));
            }
            if (home == null) {
                home = new Home(null, frame.allocate(8));
                slots.add(home.offset());
            }
            homes.put(id, home);
            if (home.inRegister() && Temps.isTemp(home.register())) callerHomes.add(home.register());
            if (keyFields.containsKey(id) && !home.inRegister()) keyFieldHomes.add(home);
        }
    }

    /** The caller-saved registers some local lives in, which expressions must not take as temporaries. */
    Set<Register> callerHomes() {
        return callerHomes;
    }

    /** For each local, the locals of its type it is assigned from or to as a whole ({@code a = b}). */
    private static Map<Integer, Set<Integer>> copies(Function function) {
        Map<Integer, Set<Integer>> copies = new HashMap<>();
        IrScanner.statements(function.body()).forEach(s -> {
            Expr value = switch (s) {
                case Stmt.Declare d -> d.init();
                case Stmt.Assign a -> a.value();
                default -> null;
            };
            Local target = IrScanner.written(s);
            if (value instanceof Expr.Read(var source) && target != null && source.id() != target.id()
                    && source.type().equals(target.type())) {
                copies.computeIfAbsent(target.id(), k -> new HashSet<>()).add(source.id());
                copies.computeIfAbsent(source.id(), k -> new HashSet<>()).add(target.id());
            }
        });
        return copies;
    }

    /**
     * How often each local is used, a use inside a loop counting eight times per nesting level, in
     * order of first use (which breaks ties between equal weights).
     */
    private static final class Uses extends IrScanner {
        final Map<Integer, Long> weights = new LinkedHashMap<>();
        final Map<Integer, Local> locals = new HashMap<>();
        private final PacketEnd packetEnd;
        private final Local context;
        private final KeyAreas keys;
        private long weight = 1;

        Uses(PacketEnd packetEnd, Local context, KeyAreas keys) {
            this.packetEnd = packetEnd;
            this.context = context;
            this.keys = keys;
        }

        @Override
        public void scan(Stmt s) {
            if (s instanceof Stmt.Loop) {
                long outer = weight;
                weight = Math.min(weight * 8, 1L << 40);
                super.scan(s);
                weight = outer;
                return;
            }
            if (IrScanner.written(s) instanceof Local written) use(written);
            super.scan(s);
        }

        @Override
        public void scan(Expr e) {
            for (Expr operand : keys.operandsRead(e)) scan(operand);
            if (e instanceof Expr.Read(var l)) use(l);
            if (packetEnd.reads(e)) {
                use(packetEnd.local());
            } else if (context != null && e instanceof Expr.IntrinsicCall(var i, var args)
                    && (i.type() instanceof ViewKind || i.owner().endsWith("Context"))) {
                use(context);
            }
        }

        void use(Local l) {
            locals.putIfAbsent(l.id(), l);
            // a header's pointer kept on the stack costs a load before each read of the header, and a
            // pointer spill the verifier carries through every path: it counts as two uses
            weights.merge(l.id(), l.type() instanceof ViewKind ? 2 * weight : weight, Long::sum);
        }
    }

    /** True if {@code s} stores a value without side effects in a local nothing reads afterwards: it need not be emitted. */
    boolean deadStore(Stmt s) {
        return deadStores.contains(s);
    }

    /** The ids of the locals that may be read after the {@code if} statement {@code s} before they are written. */
    Set<Integer> liveAfter(Stmt.If s) {
        return liveAfterIf.getOrDefault(s, Set.of());
    }

    /** The {@code data_end} local of the function, which has a home here if it has one at all. */
    PacketEnd packetEnd() {
        return packetEnd;
    }

    /** The home of {@code local}, or null for none (a local never used, or no local). */
    Home find(Local local) {
        return local == null ? null : homes.get(local.id());
    }

    Home of(Local local) {
        Home home = homes.get(local.id());
        if (home == null) throw new IllegalStateException("local " + local.name() + " has no home");
        return home;
    }

}
