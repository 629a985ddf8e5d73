package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.CodeBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.ProgramUnit;
import java.lang.reflect.RecordComponent;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP option accessors ({@code Tcp.mss()}, ...): the walk of {@code Tcp}'s class comment as a
 * bounded loop in one global function per hook, {@code ebpf4j_tcp_option_xdp(ctx, offset, wanted)},
 * which returns the wanted option's offset from the packet's start, or -1; the call site then
 * reads the value with one bounds check.
 *
 * <p>Why a global function: the verifier checks a global function once, from its arguments' types
 * alone (5.6 and later), while it walks static code again for every distinct state that reaches it
 * — and after the IPv6 extension-header walk many distinct TCP pointers do, each multiplying the
 * loop's forty iterations.
 *
 * <p>Inside, the loop is bounded by an iteration counter on the stack, compared with the constant 40
 * (each iteration consumes at least one of the at most 40 option bytes, so the counter never cuts a
 * walk short): a distinct constant in each iteration, so the verifier sees the loop end. The option's
 * offset is kept in one byte at an odd stack offset, which the verifier does not track (5.10 and 6.x
 * alike): it reads back as any byte, masked to six bits (a no-op: the offset never passes the header
 * length of at most 60). Every path thus reaches the loop's head in the same abstract state, and the
 * verifier prunes them instead of multiplying them (newer verifiers compare ranges exactly inside
 * loops). Every packet load is preceded by a comparison of the same pointer plus the bytes read
 * with {@code data_end}.
 */
final class TcpOptionEmitter {
    private static final int OPTIONS_START = 20;
    /** Every option takes at least one byte of the 40. */
    private static final int MAX_ITERATIONS = 40;
    /** Beyond any TCP header's offset: Ethernet, two VLAN tags, IPv6 and six extension headers of 2048 bytes. */
    private static final int MAX_TCP_OFFSET = 0x3fff;

    /** The option an accessor looks for: its kind and length, and the value's offset and width in it (0: presence only). */
    private record Wanted(int kind, int length, int valueOffset, int width) {
        int code() {
            return kind | length << 8;
        }
    }

    private final Emission emit;
    private final Locals locals;
    private final CodeBuilder code;

    TcpOptionEmitter(Emission emit, Locals locals) {
        this.emit = emit;
        this.locals = locals;
        this.code = emit.code;
    }

    /** True for the intrinsics this class lowers. */
    static boolean handles(Intrinsic i) {
        return wanted(i) != null;
    }

    private static Wanted wanted(Intrinsic i) {
        return switch (i) {
            case TCP_MSS -> new Wanted(2, 4, 2, 2);
            case TCP_WINDOW_SCALE -> new Wanted(3, 3, 2, 1);
            case TCP_SACK_PERMITTED -> new Wanted(4, 2, 2, 0);
            case TCP_TIMESTAMP_VALUE -> new Wanted(8, 10, 2, 4);
            case TCP_TIMESTAMP_ECHO -> new Wanted(8, 10, 6, 4);
            default -> null;
        };
    }

    private static int dataOffset(Hook hook) {
        return hook == Hook.XDP ? 0 : 76;
    }

    private static int dataEndOffset(Hook hook) {
        return hook == Hook.XDP ? 4 : 80;
    }

    /** The walk's global function for {@code hook}'s context. */
    static String functionName(Hook hook) {
        return "ebpf4j_tcp_option_" + (hook == Hook.XDP ? "xdp" : "tc");
    }

    /** The C name of {@code hook}'s context struct, which the kernel matches a global function's first parameter against. */
    static String contextStruct(Hook hook) {
        return hook == Hook.XDP ? "xdp_md" : "__sk_buff";
    }

    /** {@code dst} = the option's value, -1 (false for SACK-permitted) if absent; {@code tcp} points to the header. */
    void lower(Intrinsic intrinsic, Register tcp, Register dst) {
        Wanted wanted = wanted(intrinsic);
        Hook hook = locals.hook();
        if (hook == null || hook == Hook.SOCKET_FILTER) {
            throw emit.error("TCP options need an XDP or tc context (socket filters cannot read the packet directly)");
        }
        String absent = emit.label("tcpopt_absent");
        String done = emit.label("tcpopt_done");
        Register t = emit.temps.take();
        code.ldxw(t, locals.contextIn(t), dataOffset(hook));
        code.mov64(dst, tcp).sub64(dst, t);            // the header's offset from the packet's start
        emit.temps.free(t);

        Emission.Saved saved = emit.saveAround(dst);
        code.mov64(Register.R2, dst);
        code.mov64(Register.R3, wanted.code());
        Register context = locals.contextIn(Register.R1);
        if (context != Register.R1) code.mov64(Register.R1, context);
        code.callFunction(functionName(hook));
        emit.result(dst, dev.ebpf4j.processor.ir.Prim.LONG);
        emit.restore(saved);

        code.jslt(dst, 0, absent);
        code.jgt(dst, MAX_TCP_OFFSET + 60, absent);     // never: bounds the offset for the verifier
        Register option = emit.temps.take();
        Register end = emit.temps.take();
        code.ldxw(option, locals.contextIn(option), dataOffset(hook));
        code.add64(option, dst);
        code.ldxw(end, locals.contextIn(end), dataEndOffset(hook));
        code.mov64(dst, option).add64(dst, wanted.length());
        code.jgt(dst, end, absent);                     // never: the function checked it
        switch (wanted.width()) {
            case 0 -> code.mov32(dst, 1);
            case 1 -> code.ldxb(dst, option, wanted.valueOffset());
            case 2 -> code.ldxh(dst, option, wanted.valueOffset()).toBe(dst, 16);
            case 4 -> code.ldxw(dst, option, wanted.valueOffset()).toBe(dst, 32);
            default -> throw new IllegalStateException("option value width " + wanted.width());
        }
        code.ja(done);
        code.label(absent);
        if (wanted.width() == 0) code.mov32(dst, 0);
        else if (wanted.width() == 4) code.mov64(dst, -1);
        else code.mov32(dst, -1);
        code.label(done);
        emit.temps.free(end);
        emit.temps.free(option);
    }

    /**
     * The global function {@code long name(ctx, long offset, long wanted)}: the offset from the
     * packet's start of the first option of kind {@code wanted & 0xff} if its length is
     * {@code wanted >> 8}, else -1; {@code offset} is the TCP header's offset from the packet's start.
     */
    static Code function(Hook hook) {
        final int counterSlot = -8;
        final int atByte = -15;                          // the second byte of the slot at -16: unaligned, untracked
        final int offsetSlot = -24;
        Register ctx = Register.R6, tcp = Register.R7, end = Register.R8, wanted = Register.R9;
        Register at = Register.R2, q = Register.R3, n = Register.R4, next = Register.R5, k = Register.R1, s = Register.R0;
        CodeBuilder c = new CodeBuilder();
        c.mov64(ctx, Register.R1);
        c.mov64(wanted, Register.R3);
        c.stxdw(Register.R10, offsetSlot, Register.R2);
        c.jgt(Register.R2, MAX_TCP_OFFSET, "absent");
        c.ldxw(tcp, ctx, dataOffset(hook));
        c.add64(tcp, Register.R2);
        c.ldxw(end, ctx, dataEndOffset(hook));
        c.mov64(s, tcp).add64(s, OPTIONS_START);
        c.jgt(s, end, "absent");
        c.mov64(s, 0);
        c.stxdw(Register.R10, counterSlot, s);
        c.mov64(s, OPTIONS_START);
        c.stxb(Register.R10, atByte, s);

        c.label("head");
        c.ldxdw(s, Register.R10, counterSlot);
        c.jge(s, MAX_ITERATIONS, "absent");
        c.add64(s, 1);
        c.stxdw(Register.R10, counterSlot, s);
        c.ldxb(at, Register.R10, atByte);
        c.and64(at, 0x3f);
        c.ldxb(s, tcp, 12).rsh32(s, 4).lsh32(s, 2);    // the header length
        c.jge(at, s, "absent");
        c.mov64(q, tcp).add64(q, at);                  // the option
        c.mov64(s, q).add64(s, 1);
        c.jgt(s, end, "absent");
        c.ldxb(k, q, 0);
        c.jeq32(k, 0, "absent");
        c.jne32(k, 1, "long");
        c.mov64(next, at).add64(next, 1);
        c.ja("next");

        // kind >= 2: a length byte of at least 2; the option inside the header and the packet
        c.label("long");
        c.mov64(s, q).add64(s, 2);
        c.jgt(s, end, "absent");
        c.ldxb(n, q, 1);
        c.jlt32(n, 2, "absent");
        c.mov64(next, at).add64(next, n);
        c.ldxb(s, tcp, 12).rsh32(s, 4).lsh32(s, 2);
        c.jgt(next, s, "absent");
        c.mov64(s, q).add64(s, n);
        c.jgt(s, end, "absent");
        c.mov64(s, wanted).and64(s, 0xff);
        c.jne(k, s, "next");
        c.mov64(s, wanted).rsh64(s, 8);
        c.jne(n, s, "absent");
        c.ldxdw(s, Register.R10, offsetSlot);
        c.add64(s, at);
        c.exit();

        c.label("next");
        c.and64(next, 0x3f);
        c.stxb(Register.R10, atByte, next);
        c.ja("head");

        c.label("absent");
        c.mov64(s, -1);
        c.exit();
        return c.build();
    }

    /** The hooks whose functions in {@code unit} read TCP options: each needs its global function. */
    static Set<Hook> hooksUsingOptions(ProgramUnit unit) {
        Set<Hook> hooks = EnumSet.noneOf(Hook.class);
        for (Function f : unit.functions()) {
            Hook hook = f.parameters().stream().filter(p -> p.type() instanceof ContextType)
                    .map(p -> ((ContextType) p.type()).hook()).findFirst().orElse(null);
            if (hook != null && hook != Hook.SOCKET_FILTER && readsOptions(f.body())) hooks.add(hook);
        }
        return hooks;
    }

    /** True if {@code node}, an IR record or a list of them, contains a TCP option accessor. */
    private static boolean readsOptions(Object node) {
        if (node instanceof Expr.IntrinsicCall call && handles(call.intrinsic())) return true;
        if (node instanceof List<?> list) {
            for (Object element : list) if (readsOptions(element)) return true;
            return false;
        }
        // Statements and expressions are records: a generic walk needs no case for each kind.
        if (node instanceof Record record && (node instanceof Expr || node instanceof dev.ebpf4j.processor.ir.Stmt)) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    if (readsOptions(component.getAccessor().invoke(record))) return true;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return false;
    }
}
