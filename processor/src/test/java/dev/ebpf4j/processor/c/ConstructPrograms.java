package dev.ebpf4j.processor.c;

import static dev.ebpf4j.processor.fixture.Ir.*;

import dev.ebpf4j.processor.fixture.Ir;
import dev.ebpf4j.processor.ir.BinaryOp;
import dev.ebpf4j.processor.ir.CompareOp;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.StructType.Component;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.ir.ViewKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One program per construct family, each writing what it computes into a {@code results} array
 * so that the kernel tests can compare it with the Java semantics.
 */
final class ConstructPrograms {
    private ConstructPrograms() {
    }

    static final int RESULTS = 64;

    static MapDecl results() {
        return mapDecl("results", MapKind.ARRAY, Prim.INT, Prim.LONG, RESULTS);
    }

    /** {@code results.put(index, (long) value)}, booleans as 0 or 1. */
    static Expr put(MapDecl results, int index, Expr value) {
        return putLong(results, index, value);
    }

    /** Inputs x (int), y (long), s (short), c (char) from {@code inputs[0..3]}; each case's value in {@code results[k]}. */
    static ProgramUnit arithmetic() {
        Ir ir = new Ir("Arithmetic.java");
        MapDecl inputs = mapDecl("inputs", MapKind.ARRAY, Prim.INT, Prim.LONG, 4);
        MapDecl results = results();
        Local ctx = ir.local("ctx", xdp());
        Local x = ir.local("x", Prim.INT);
        Local y = ir.local("y", Prim.LONG);
        Local s = ir.local("s", Prim.SHORT);
        Local c = ir.local("c", Prim.CHAR);
        Local[] pointers = new Local[4];
        for (int k = 0; k < 4; k++) pointers[k] = ir.local("input" + k, new ValuePointer(inputs));
        Function run = ir.entry("run", Hook.XDP, ctx, b -> {
            for (int k = 0; k < 4; k++) {
                b.declare(pointers[k], map(inputs, MapOp.LOOKUP, i(k), null));
                b.ifThen(isNull(r(pointers[k])), t -> t.ret(i(0)));
            }
            b.declare(x, conv(Prim.INT, new Expr.LoadValue(r(pointers[0]))));
            b.declare(y, new Expr.LoadValue(r(pointers[1])));
            b.declare(s, conv(Prim.SHORT, new Expr.LoadValue(r(pointers[2]))));
            b.declare(c, conv(Prim.CHAR, new Expr.LoadValue(r(pointers[3]))));
            ArithmeticCases.Operands operands = new ArithmeticCases.Operands(r(x), r(y), r(s), r(c));
            for (int k = 0; k < ArithmeticCases.CASES.size(); k++) {
                b.eval(put(results, k, ArithmeticCases.CASES.get(k).build().of(operands)));
            }
            b.ret(i(2));
        });
        return ir.unit("Arithmetic", List.of(inputs, results), List.of(), run);
    }

    /**
     * Loops and branches over {@code n = inputs[0]}, one entry point each (the verifier walks every
     * path through a program, and paths multiply across loops over an unknown bound):
     * {@code sum} stores in results[0] the sum of 0..n-1 skipping 3 and stopping at 8; {@code pairs}
     * in [1] counts pairs (i, j) under 5 with a labelled continue and break; {@code doWhile} [2];
     * {@code forever} [3] an unconditioned loop left by break; {@code block} [4] a labelled block;
     * {@code chain} [5] an else-if chain; {@code odd} [6] a loop whose update is not an expression in
     * C (a continue must still run it).
     *
     * <p>Every loop ends by a constant bound too, one that n (at most 20) never reaches first, so
     * Java's result is the same. Without it Linux 5.10 and 6.1 refuse clang's object: clang compares
     * the counter with n as {@code if w2 s< w1} whatever the source's order, and those verifiers
     * decide a register-to-register jump only when the second register is the known one, so the
     * loop never ends for them (E2BIG: "BPF program is too large. Processed 1000001 insn"); 6.12
     * decides both orders.
     */
    static ProgramUnit controlFlow() {
        return controlFlow(CONTROL_FLOW_ENTRIES);
    }

    /**
     * The control-flow family with only {@code entries}: the kernel tests load one construct per
     * object, so that an old verifier's refusal names the construct.
     */
    static ProgramUnit controlFlow(List<String> entries) {
        Ir ir = new Ir("ControlFlow.java");
        MapDecl inputs = mapDecl("inputs", MapKind.ARRAY, Prim.INT, Prim.LONG, 4);
        MapDecl results = results();
        List<Function> functions = new ArrayList<>();
        for (String entry : entries) {
            functions.add(controlFlowEntry(ir, entry, inputs, results));
        }
        return ir.unit("ControlFlow", List.of(inputs, results), List.of(), functions.toArray(Function[]::new));
    }

    private static Function controlFlowEntry(Ir ir, String entry, MapDecl inputs, MapDecl results) {
        return switch (entry) {
            // for (int i = 0; i < n; i++) { if (i == 3) continue; if (i == 8) break; sum += i; }
            case "sum" -> loopEntry(ir, "sum", inputs, (b, n) -> {
                Local sum = ir.local("sum", Prim.INT);
                Local i = ir.local("i", Prim.INT);
                b.declare(sum, i(0))
                        .declare(i, i(0))
                        .loop(null, lt(r(i), r(n)), true, body -> body
                                .ifThen(eq(r(i), i(3)), t -> t.cont(null))
                                .ifThen(eq(r(i), i(8)), t -> t.brk(null))
                                .assign(sum, add(r(sum), r(i))),
                                update -> update.assign(i, add(r(i), i(1))))
                        .eval(put(results, 0, r(sum)));
            });
            // outer: for (i...5) for (j...5) { if (j > i) continue outer; if (i + j == n) break outer; pairs++; }
            case "pairs" -> loopEntry(ir, "pairs", inputs, (b, n) -> {
                Local pairs = ir.local("pairs", Prim.INT);
                Local i = ir.local("i", Prim.INT);
                Local j = ir.local("j", Prim.INT);
                b.declare(pairs, i(0))
                        .declare(i, i(0))
                        .loop("outer", lt(r(i), i(5)), true, outer -> outer
                                .declare(j, i(0))
                                .loop("inner", lt(r(j), i(5)), true, inner -> inner
                                        .ifThen(cmp(CompareOp.GT, r(j), r(i)), t -> t.cont("outer"))
                                        .ifThen(eq(add(r(i), r(j)), r(n)), t -> t.brk("outer"))
                                        .assign(pairs, add(r(pairs), i(1))),
                                        update -> update.assign(j, add(r(j), i(1)))),
                                update -> update.assign(i, add(r(i), i(1))))
                        .eval(put(results, 1, r(pairs)));
            });
            // do { k += 3; } while (k < n && k < 21);
            case "doWhile" -> loopEntry(ir, "doWhile", inputs, (b, n) -> {
                Local k = ir.local("k", Prim.INT);
                b.declare(k, i(0))
                        .loop(null, andAlso(lt(r(k), r(n)), lt(r(k), i(21))), false,
                                body -> body.assign(k, add(r(k), i(3))), update -> { })
                        .eval(put(results, 2, r(k)));
            });
            // while (true) { steps++; if (steps * steps > n || steps > 5) break; }
            case "forever" -> loopEntry(ir, "forever", inputs, (b, n) -> {
                Local steps = ir.local("steps", Prim.INT);
                b.declare(steps, i(0))
                        .loop(null, null, true, body -> body
                                .assign(steps, add(r(steps), i(1)))
                                .ifThen(orElse(cmp(CompareOp.GT, mul(r(steps), r(steps)), r(n)), cmp(CompareOp.GT, r(steps), i(5))),
                                        t -> t.brk(null)),
                                update -> { })
                        .eval(put(results, 3, r(steps)));
            });
            // found: { block = 1; if (n > 5) break found; block = 2; }
            case "block" -> loopEntry(ir, "block", inputs, (b, n) -> {
                Local block = ir.local("block", Prim.INT);
                b.declare(block, i(0))
                        .labelled("found", l -> l
                                .assign(block, i(1))
                                .ifThen(cmp(CompareOp.GT, r(n), i(5)), t -> t.brk("found"))
                                .assign(block, i(2)))
                        .eval(put(results, 4, r(block)));
            });
            // if (n == 0) kind = 10; else if (n < 5) kind = 20; else if (n < 10) kind = 30; else kind = 40;
            case "chain" -> loopEntry(ir, "chain", inputs, (b, n) -> {
                Local kind = ir.local("kind", Prim.INT);
                b.declare(kind, null)
                        .ifElse(eq(r(n), i(0)), t -> t.assign(kind, i(10)), e -> e
                                .ifElse(lt(r(n), i(5)), t -> t.assign(kind, i(20)), e2 -> e2
                                        .ifElse(lt(r(n), i(10)), t -> t.assign(kind, i(30)), e3 -> e3.assign(kind, i(40)))))
                        .eval(put(results, 5, r(kind)));
            });
            // for (m = 0, odd = 0; m < 20; odd += m & 1, m++) { if (m >= n) break; if ((m & 1) == 0) continue; odd += 100; }
            // (an update with a labelled block cannot be a C for-clause: continue goes through a label)
            case "odd" -> loopEntry(ir, "odd", inputs, (b, n) -> {
                Local m = ir.local("m", Prim.INT);
                Local odd = ir.local("odd", Prim.INT);
                b.declare(m, i(0))
                        .declare(odd, i(0))
                        .loop(null, lt(r(m), i(20)), true, body -> body
                                .ifThen(cmp(CompareOp.GE, r(m), r(n)), t -> t.brk(null))
                                .ifThen(eq(and(r(m), i(1)), i(0)), t -> t.cont(null))
                                .assign(odd, add(r(odd), i(100))),
                                update -> update.labelled("step", s -> s
                                        .assign(odd, add(r(odd), and(r(m), i(1))))
                                        .assign(m, add(r(m), i(1)))))
                        .eval(put(results, 6, r(odd)));
            });
                default -> throw new IllegalArgumentException("no control-flow entry " + entry);
        };
    }

    /** The entry points of the control-flow family: each reads n (0 to 20) before its loop. */
    static final List<String> CONTROL_FLOW_ENTRIES = List.of("sum", "pairs", "doWhile", "forever", "block", "chain", "odd");

    interface LoopBody {
        void build(Ir.Body body, Local n);
    }

    private static Function loopEntry(Ir ir, String name, MapDecl inputs, LoopBody content) {
        Local ctx = ir.local("ctx", xdp());
        Local input = ir.local("input", new ValuePointer(inputs));
        Local n = ir.local("n", Prim.INT);
        return ir.entry(name, Hook.XDP, ctx, b -> {
            b.declare(input, map(inputs, MapOp.LOOKUP, i(0), null))
                    .ifThen(isNull(r(input)), t -> t.ret(i(0)))
                    .declare(n, conv(Prim.INT, new Expr.LoadValue(r(input))))
                    .ifThen(orElse(lt(r(n), i(0)), cmp(CompareOp.GT, r(n), i(20))), t -> t.ret(i(0)));
            content.build(b, n);
            b.ret(i(2));
        });
    }

    /** What the control-flow program stores for input {@code n}, computed by the same Java. */
    static long[] controlFlowExpected(int n) {
        long[] out = new long[7];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            if (i == 3) continue;
            if (i == 8) break;
            sum += i;
        }
        out[0] = sum;
        int pairs = 0;
        outer:
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                if (j > i) continue outer;
                if (i + j == n) break outer;
                pairs++;
            }
        }
        out[1] = pairs;
        int k = 0;
        do {
            k += 3;
        } while (k < n && k < 21);
        out[2] = k;
        int steps = 0;
        while (true) {
            steps++;
            if (steps * steps > n || steps > 5) break;
        }
        out[3] = steps;
        int block = 0;
        found:
        {
            block = 1;
            if (n > 5) break found;
            block = 2;
        }
        out[4] = block;
        out[5] = n == 0 ? 10 : n < 5 ? 20 : n < 10 ? 30 : 40;
        int odd = 0;
        for (int m = 0; m < 20; odd += m & 1, m++) {
            if (m >= n) break;
            if ((m & 1) == 0) continue;
            odd += 100;
        }
        out[6] = odd;
        return out;
    }

    static final StructType FLOW_KEY = StructType.layout("FlowKey", "dev.example.FlowKey", List.of(
            new Component("address", Prim.INT), new Component("port", Prim.SHORT), new Component("tcp", Prim.BOOLEAN)));
    static final StructType FLOW_STATS = StructType.layout("FlowStats", "dev.example.FlowStats", List.of(
            new Component("packets", Prim.LONG), new Component("lastLength", Prim.INT)));
    static final StructType EVENT = StructType.layout("Event", "dev.example.Event", List.of(
            new Component("kind", Prim.BYTE), new Component("time", Prim.LONG), new Component("cpu", Prim.CHAR)));

    /** Every map kind and operation, struct keys, values and events included. */
    static ProgramUnit maps() {
        Ir ir = new Ir("Maps.java");
        MapDecl flows = new MapDecl("flows", MapKind.HASH, FLOW_KEY, FLOW_STATS, 128, 1, false);
        MapDecl recent = mapDecl("recent", MapKind.LRU_HASH, Prim.LONG, Prim.INT, 64);
        MapDecl perCpu = mapDecl("perCpuHits", MapKind.PERCPU_HASH, Prim.INT, Prim.INT, 64);
        MapDecl shared = new MapDecl("shared", MapKind.ARRAY, Prim.INT, Prim.INT, 4, 0, true);
        MapDecl events = new MapDecl("events", MapKind.RINGBUF, null, EVENT, 4096, 0, false);
        MapDecl results = results();
        Local ctx = ir.local("ctx", xdp());
        Local length = ir.local("length", Prim.INT);
        Local stats = ir.local("stats", new ValuePointer(flows));
        Local seen = ir.local("seen", Prim.BOOLEAN);
        Expr key = new Expr.StructValue(FLOW_KEY, List.of(i(0x0a000001), new Expr.Constant(Prim.SHORT, 80), bool(true)));
        Function run = ir.entry("run", Hook.XDP, ctx, b -> b
                .declare(length, intr(Intrinsic.XDP_LENGTH, r(ctx)))
                .declare(stats, map(flows, MapOp.LOOKUP, key, null))
                .ifElse(notNull(r(stats)), t -> t
                        .eval(put(results, 0, new Expr.LoadField(r(stats), FLOW_STATS.field("packets"))))
                        .eval(put(results, 1, new Expr.LoadField(r(stats), FLOW_STATS.field("lastLength")))),
                        e -> e.eval(map(flows, MapOp.PUT, key,
                                new Expr.StructValue(FLOW_STATS, List.of(l(1), r(length))))))
                .declare(seen, map(flows, MapOp.CONTAINS_KEY, key, null))
                .eval(put(results, 2, r(seen)))
                .eval(put(results, 3, map(recent, MapOp.PUT_IF_ABSENT, conv(Prim.LONG, r(length)), i(7))))
                .eval(map(recent, MapOp.INCREMENT, conv(Prim.LONG, r(length)), l(-2)))
                .eval(map(perCpu, MapOp.INCREMENT, r(length), l(1)))
                .eval(map(shared, MapOp.INCREMENT, i(1), l(5)))
                .eval(map(shared, MapOp.INCREMENT, i(9), l(5)))
                .eval(put(results, 4, map(recent, MapOp.REMOVE, l(12345), null)))
                .eval(put(results, 5, map(events, MapOp.OUTPUT, null, new Expr.StructValue(EVENT, List.of(
                        new Expr.Constant(Prim.BYTE, -3), intr(Intrinsic.NANO_TIME), conv(Prim.CHAR, intr(Intrinsic.CPU)))))))
                .eval(put(results, 6, map(perCpu, MapOp.PUT, i(-1), i(Integer.MIN_VALUE))))
                .eval(put(results, 7, bin(BinaryOp.AND, intr(Intrinsic.RANDOM), i(0))))
                .ret(i(2)));
        return ir.unit("Maps", List.of(flows, recent, perCpu, shared, events, results), List.of(FLOW_KEY, FLOW_STATS, EVENT), run);
    }

    /** Slots of the views program's results, in the order {@link #views()} fills them. */
    static final List<Intrinsic> VIEW_FIELDS = List.of(
            Intrinsic.ETHERNET_DESTINATION, Intrinsic.ETHERNET_SOURCE, Intrinsic.ETHERNET_ETHER_TYPE,
            Intrinsic.IPV4_HEADER_LENGTH, Intrinsic.IPV4_TOS, Intrinsic.IPV4_TOTAL_LENGTH, Intrinsic.IPV4_IDENTIFICATION,
            Intrinsic.IPV4_DONT_FRAGMENT, Intrinsic.IPV4_MORE_FRAGMENTS, Intrinsic.IPV4_FRAGMENT_OFFSET, Intrinsic.IPV4_TTL,
            Intrinsic.IPV4_PROTOCOL, Intrinsic.IPV4_CHECKSUM, Intrinsic.IPV4_SOURCE, Intrinsic.IPV4_DESTINATION,
            Intrinsic.IPV6_TRAFFIC_CLASS, Intrinsic.IPV6_FLOW_LABEL, Intrinsic.IPV6_PAYLOAD_LENGTH, Intrinsic.IPV6_NEXT_HEADER,
            Intrinsic.IPV6_HOP_LIMIT, Intrinsic.IPV6_SOURCE_HIGH, Intrinsic.IPV6_SOURCE_LOW, Intrinsic.IPV6_DESTINATION_HIGH,
            Intrinsic.IPV6_DESTINATION_LOW,
            Intrinsic.TCP_SOURCE_PORT, Intrinsic.TCP_DESTINATION_PORT, Intrinsic.TCP_SEQUENCE_NUMBER,
            Intrinsic.TCP_ACKNOWLEDGMENT_NUMBER, Intrinsic.TCP_HEADER_LENGTH, Intrinsic.TCP_FLAGS, Intrinsic.TCP_SYN,
            Intrinsic.TCP_ACK, Intrinsic.TCP_FIN, Intrinsic.TCP_RST, Intrinsic.TCP_PSH, Intrinsic.TCP_URG, Intrinsic.TCP_WINDOW,
            Intrinsic.TCP_CHECKSUM, Intrinsic.TCP_URGENT_POINTER,
            Intrinsic.UDP_SOURCE_PORT, Intrinsic.UDP_DESTINATION_PORT, Intrinsic.UDP_LENGTH, Intrinsic.UDP_CHECKSUM);

    /** Slot 60: which views exist, one bit each (ethernet 1, ipv4 2, ipv6 4, tcp 8, udp 16); 61: the length. */
    static final int PRESENT = 60, LENGTH = 61;

    /** Every view, navigation and field: each field's value in its slot of {@link #VIEW_FIELDS}. */
    static ProgramUnit views() {
        Ir ir = new Ir("Views.java");
        MapDecl results = results();
        Local ctx = ir.local("ctx", xdp());
        Local present = ir.local("present", Prim.INT);
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local ip4 = ir.local("ip4", ViewKind.IPV4);
        Local ip6 = ir.local("ip6", ViewKind.IPV6);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Local udp = ir.local("udp", ViewKind.UDP);
        Local tcp6 = ir.local("tcp6", ViewKind.TCP);
        Local udp6 = ir.local("udp6", ViewKind.UDP);
        Function run = ir.entry("run", Hook.XDP, ctx, b -> {
            b.declare(present, i(0));
            b.eval(put(results, LENGTH, intr(Intrinsic.XDP_LENGTH, r(ctx))));
            b.eval(put(results, LENGTH + 1, add(intr(Intrinsic.XDP_INGRESS_INTERFACE, r(ctx)), intr(Intrinsic.XDP_RX_QUEUE, r(ctx)))));
            b.declare(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx)));
            b.ifThen(isNull(r(eth)), t -> t.ret(i(2)));
            b.assign(present, i(1));
            fields(b, results, eth, "ETHERNET_");
            b.declare(ip4, intr(Intrinsic.ETHERNET_IPV4, r(eth)));
            b.ifThen(notNull(r(ip4)), t -> {
                t.assign(present, bin(BinaryOp.OR, r(present), i(2)));
                fields(t, results, ip4, "IPV4_");
                t.declare(tcp, intr(Intrinsic.IPV4_TCP, r(ip4)));
                t.ifThen(notNull(r(tcp)), u -> {
                    u.assign(present, bin(BinaryOp.OR, r(present), i(8)));
                    fields(u, results, tcp, "TCP_");
                });
                t.declare(udp, intr(Intrinsic.IPV4_UDP, r(ip4)));
                t.ifThen(notNull(r(udp)), u -> {
                    u.assign(present, bin(BinaryOp.OR, r(present), i(16)));
                    fields(u, results, udp, "UDP_");
                });
            });
            b.declare(ip6, intr(Intrinsic.ETHERNET_IPV6, r(eth)));
            b.ifThen(notNull(r(ip6)), t -> {
                t.assign(present, bin(BinaryOp.OR, r(present), i(4)));
                fields(t, results, ip6, "IPV6_");
                t.declare(tcp6, intr(Intrinsic.IPV6_TCP, r(ip6)));
                t.ifThen(notNull(r(tcp6)), u -> {
                    u.assign(present, bin(BinaryOp.OR, r(present), i(8)));
                    fields(u, results, tcp6, "TCP_");
                });
                t.declare(udp6, intr(Intrinsic.IPV6_UDP, r(ip6)));
                t.ifThen(notNull(r(udp6)), u -> {
                    u.assign(present, bin(BinaryOp.OR, r(present), i(16)));
                    fields(u, results, udp6, "UDP_");
                });
            });
            b.eval(put(results, PRESENT, r(present)));
            b.ret(i(2));
        });

        Local skb = ir.local("skb", new ContextType(Hook.TC_INGRESS));
        Local tcEth = ir.local("eth", ViewKind.ETHERNET);
        Function classify = ir.entry("classify", Hook.TC_INGRESS, skb, b -> b
                .declare(tcEth, intr(Intrinsic.TC_ETHERNET, r(skb)))
                .ifThen(isNull(r(tcEth)), t -> t.ret(i(2)))
                .ifThen(notNull(intr(Intrinsic.ETHERNET_IPV4, r(tcEth))), t -> t.ret(intr(Intrinsic.TC_MARK, r(skb))))
                .ret(intr(Intrinsic.TC_LENGTH, r(skb))));
        Local socket = ir.local("socket", new ContextType(Hook.SOCKET_FILTER));
        Function filter = ir.entry("filter", Hook.SOCKET_FILTER, socket, b -> b
                .ret(bin(BinaryOp.SHR, intr(Intrinsic.SOCKET_LENGTH, r(socket)), i(1))));
        return ir.unit("Views", List.of(results), List.of(), run, classify, filter);
    }

    private static void fields(Ir.Body body, MapDecl results, Local view, String prefix) {
        for (int slot = 0; slot < VIEW_FIELDS.size(); slot++) {
            Intrinsic field = VIEW_FIELDS.get(slot);
            if (field.name().startsWith(prefix)) body.eval(put(results, slot, intr(field, r(view))));
        }
    }

    /**
     * Subprograms: one that navigates from a view it is given (so it takes the packet's end), one
     * with long arguments, a boolean one, a void one with a map update, and one that reads a
     * context it is given.
     */
    static ProgramUnit calls() {
        Ir ir = new Ir("Calls.java");
        MapDecl results = results();
        Local ctx = ir.local("ctx", xdp());
        Local eth = ir.local("eth", ViewKind.ETHERNET);
        Local port = ir.local("port", Prim.INT);
        Function run = ir.entry("run", Hook.XDP, ctx, b -> b
                .declare(eth, intr(Intrinsic.XDP_ETHERNET, r(ctx)))
                .ifThen(isNull(r(eth)), t -> t.ret(i(2)))
                .declare(port, call("tcpPort", Prim.INT, r(eth)))
                .eval(call("record", Prim.VOID, i(0), conv(Prim.LONG, r(port))))
                .eval(call("record", Prim.VOID, i(1), call("mix", Prim.LONG, l(0x1234_5678_9abcL), conv(Prim.LONG, r(port)))))
                .ifThen(call("isWeb", Prim.BOOLEAN, r(port)), t -> t.ret(i(1)))
                .ret(call("lengthOf", Prim.INT, r(ctx))));

        Local view = ir.local("eth", ViewKind.ETHERNET);
        Local ip = ir.local("ip", ViewKind.IPV4);
        Local tcp = ir.local("tcp", ViewKind.TCP);
        Function tcpPort = ir.function("tcpPort", Prim.INT, List.of(view), b -> b
                .declare(ip, intr(Intrinsic.ETHERNET_IPV4, r(view)))
                .ifThen(isNull(r(ip)), t -> t.ret(i(-1)))
                .declare(tcp, intr(Intrinsic.IPV4_TCP, r(ip)))
                .ifThen(isNull(r(tcp)), t -> t.ret(i(-1)))
                .ret(intr(Intrinsic.TCP_DESTINATION_PORT, r(tcp))));
        Local a = ir.local("a", Prim.LONG);
        Local bb = ir.local("b", Prim.LONG);
        Function mix = ir.function("mix", Prim.LONG, List.of(a, bb), b -> b
                .ret(bin(BinaryOp.XOR, mul(r(a), l(31)), bin(BinaryOp.USHR, r(bb), i(3)))));
        Local p = ir.local("port", Prim.INT);
        Function isWeb = ir.function("isWeb", Prim.BOOLEAN, List.of(p), b -> b
                .ret(orElse(eq(r(p), i(80)), eq(r(p), i(443)))));
        Local slot = ir.local("slot", Prim.INT);
        Local value = ir.local("value", Prim.LONG);
        Function record = ir.function("record", Prim.VOID, List.of(slot, value), b -> b
                .eval(map(results, MapOp.PUT, r(slot), r(value)))
                .ret());
        Local context = ir.local("context", xdp());
        Function lengthOf = ir.function("lengthOf", Prim.INT, List.of(context), b -> b
                .ret(cond(cmp(CompareOp.GT, intr(Intrinsic.XDP_LENGTH, r(context)), i(100)), i(3), i(2))));
        List<Function> functions = new ArrayList<>(List.of(run, tcpPort, mix, isWeb, record, lengthOf));
        return ir.unit("Calls", List.of(results), List.of(), functions.toArray(Function[]::new));
    }
}
